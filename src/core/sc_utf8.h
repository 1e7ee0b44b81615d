/*
 * sc_utf8.h - strict UTF-8 decoding and encoding for the core.
 *
 * PostgreSQL has already validated text in a UTF8 database, but the core is
 * also fed raw bytes by fuzzers and unit tests, so it decodes strictly:
 * overlong forms, surrogates and code points past U+10FFFF are errors, never
 * silently replaced (a replacement character could hide one name in another).
 */
#ifndef SC_UTF8_H
#define SC_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode one code point from s[0..len).  Returns the number of bytes used
 * (1-4) and stores the code point in *cp, or returns 0 on invalid input.
 */
static inline int
sc_utf8_decode(const unsigned char *s, size_t len, int32_t *cp)
{
	int32_t		c;
	int			n;
	int			i;

	if (len == 0)
		return 0;
	c = s[0];
	if (c < 0x80)
	{
		*cp = c;
		return 1;
	}
	else if ((c & 0xE0) == 0xC0)
	{
		n = 2;
		c &= 0x1F;
	}
	else if ((c & 0xF0) == 0xE0)
	{
		n = 3;
		c &= 0x0F;
	}
	else if ((c & 0xF8) == 0xF0)
	{
		n = 4;
		c &= 0x07;
	}
	else
		return 0;
	if ((size_t) n > len)
		return 0;
	for (i = 1; i < n; i++)
	{
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* reject overlong forms, surrogates and values past the last plane */
	if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
		(c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		return 0;
	*cp = c;
	return n;
}

/* Encode cp (a valid scalar value) into out; returns bytes written (1-4). */
static inline int
sc_utf8_encode(int32_t cp, unsigned char *out)
{
	if (cp < 0x80)
	{
		out[0] = (unsigned char) cp;
		return 1;
	}
	if (cp < 0x800)
	{
		out[0] = (unsigned char) (0xC0 | (cp >> 6));
		out[1] = (unsigned char) (0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000)
	{
		out[0] = (unsigned char) (0xE0 | (cp >> 12));
		out[1] = (unsigned char) (0x80 | ((cp >> 6) & 0x3F));
		out[2] = (unsigned char) (0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (unsigned char) (0xF0 | (cp >> 18));
	out[1] = (unsigned char) (0x80 | ((cp >> 12) & 0x3F));
	out[2] = (unsigned char) (0x80 | ((cp >> 6) & 0x3F));
	out[3] = (unsigned char) (0x80 | (cp & 0x3F));
	return 4;
}

/*
 * Decode a whole string into code points.  Returns the number of code points,
 * or -1 if the input is not valid UTF-8 or holds more than max code points.
 */
static inline int
sc_utf8_to_cps(const char *s, size_t len, int32_t *cps, int max)
{
	size_t		i = 0;
	int			n = 0;

	while (i < len)
	{
		int			k;

		if (n >= max)
			return -1;
		k = sc_utf8_decode((const unsigned char *) s + i, len - i, &cps[n]);
		if (k == 0)
			return -1;
		i += k;
		n++;
	}
	return n;
}

#endif							/* SC_UTF8_H */
