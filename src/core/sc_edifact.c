/*
 * sc_edifact.c - UN/EDIFACT syntax: the service string, separators, the release character.
 *
 * PAXLST and PNRGOV arrive as EDIFACT interchanges whose separators are
 * declared by an optional UNA service string (default ":+.? '"; seen in the
 * wild also "UNA:+.?*'" and "UNA:*.? $", where '*' separates elements and
 * '$' ends segments).  The release character escapes the next character.
 *
 * Design: the interchange is copied once into a buffer in which every
 * escaped character is literal and every structural separator is replaced
 * by a control mark (segment end \x1C, element \x1D, component \x1F), so
 * that a value can never be confused with a separator afterwards and the
 * segments are cut without rescanning for escapes.  CR, LF and blanks
 * before a segment's tag are not data (real messages put line breaks and
 * indentation between segments).  Anything before UNA or UNB (a SITA
 * Type-B header, an h2h wrapper) is skipped.  A repetition separator is
 * honoured only when the UNA declares one (UNA5 other than a space): a '*'
 * in a message without one is data.
 */
#include "sc_edifact.h"

#include <stdlib.h>
#include <string.h>

#include "sc_internal.h"

#define MARK_SEGMENT	'\x1C'
#define MARK_ELEMENT	'\x1D'
#define MARK_COMPONENT	'\x1F'

/* Where the interchange starts: UNA (with its six characters) or UNB; -1 if neither. */
static long
interchange_start(const char *text, size_t len)
{
	size_t		i;

	for (i = 0; i + 3 <= len; i++)
		if ((memcmp(text + i, "UNA", 3) == 0 && i + 9 <= len) ||
			(memcmp(text + i, "UNB", 3) == 0 && i + 4 <= len))
			return (long) i;
	return -1;
}

/*
 * Does another interchange follow the last one's UNZ?  Only if UNA or UNB
 * starts a line or follows blanks or a terminator: a trailer's free text
 * that merely contains the letters does not count.
 */
static bool
another_interchange(const char *text, size_t len)
{
	long		at = interchange_start(text, len);

	while (at >= 0)
	{
		unsigned char before = at > 0 ? (unsigned char) text[at - 1] : ' ';

		if (!((before >= 'A' && before <= 'Z') || (before >= 'a' && before <= 'z') || (before >= '0' && before <= '9')))
			return true;
		text += at + 3;
		len -= (size_t) at + 3;
		at = interchange_start(text, len);
	}
	return false;
}

sc_parse
sc_edi_open(sc_edi_reader *r, const char *text, size_t len)
{
	long		start = interchange_start(text, len);
	char		comp = ':',
				elem = '+',
				rel = '?',
				rep = ' ',
				term = '\'';
	size_t		i,
				n = 0,
				seg_start = 0;

	memset(r, 0, sizeof(*r));
	if (start < 0)
	{
		sc_set_error("no interchange: neither UNA nor UNB found");
		return SC_PARSE_SYNTAX;
	}
	i = (size_t) start;
	if (memcmp(text + i, "UNA", 3) == 0)
	{
		/*
		 * The service string runs to UNB.  Six characters is the standard;
		 * five (the decimal mark left out, as in some hand-written samples)
		 * is read as the other five; anything else (a typographic quote as
		 * terminator) falls back to the defaults, which such files use.
		 */
		size_t		k = i + 3,
					n_una;

		while (k + 3 <= len && memcmp(text + k, "UNB", 3) != 0)
			k++;
		n_una = k - (i + 3);
		while (n_una > 0 && (text[i + 3 + n_una - 1] == '\n' || text[i + 3 + n_una - 1] == '\r' ||
							 (text[i + 3 + n_una - 1] == ' ' && n_una > 6)))
			n_una--;
		if (n_una == 6)
		{
			comp = text[i + 3];
			elem = text[i + 4];
			rel = text[i + 6];
			rep = text[i + 7];
			term = text[i + 8];
		}
		else if (n_una == 5)
		{
			comp = text[i + 3];
			elem = text[i + 4];
			rel = text[i + 5];
			rep = text[i + 6];
			term = text[i + 7];
		}
		i = k;
	}
	memcpy(r->una, (char[]) {comp, elem, '.', rel, rep, term, '\0'}, 7);
	r->buf = malloc(len - i + 1);
	if (r->buf == NULL)
	{
		sc_set_error("out of memory");
		return SC_PARSE_SYNTAX;
	}
	for (; i < len; i++)
	{
		char		c = text[i];

		/* a 16 MB text takes tens of milliseconds to unescape: answer a stop within one */
		if ((i & 0xFFFFF) == 0 && sc_should_stop != NULL && sc_should_stop())
		{
			free(r->buf);
			r->buf = NULL;
			return SC_PARSE_STOPPED;
		}

		if (c == rel)
		{
			if (i + 1 >= len)
			{
				sc_set_error("a release character '%c' dangles at the end of the message (byte %zu)", rel, i);
				free(r->buf);
				r->buf = NULL;
				return SC_PARSE_SYNTAX;
			}
			r->buf[n++] = text[++i];
			continue;
		}
		if ((c == '\r' || c == '\n') && c != term)
			continue;			/* line breaks are never data in these messages, wherever they fall */
		if (c == term)
		{
			const char *seg;

			r->buf[n++] = MARK_SEGMENT;
			/* the mark just written stops both the blank skip and the compare */
			for (seg = r->buf + seg_start; *seg == ' ' || *seg == '\t'; seg++)
				;
			/* the interchange ends at UNZ: what follows is read as its own interchange */
			if (strncmp(seg, "UNZ", 3) == 0 && (seg[3] == MARK_ELEMENT || seg[3] == MARK_SEGMENT))
			{
				r->next = i + 1;
				break;
			}
			seg_start = n;
		}
		else if (c == elem)
			r->buf[n++] = MARK_ELEMENT;
		else if (c == comp)
			r->buf[n++] = MARK_COMPONENT;
		else if (c == rep && rep != ' ')
			r->buf[n++] = MARK_ELEMENT;	/* repetitions: PAXLST and PNRGOV use none we read */
		else
			r->buf[n++] = c;
	}
	r->buf[n] = '\0';
	r->len = n;
	return SC_PARSE_OK;
}

void
sc_edi_close(sc_edi_reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

static int	sc_edi_next_at(sc_edi_reader *r, sc_edi_segment *seg, size_t p, size_t end);

int
sc_edi_next(sc_edi_reader *r, sc_edi_segment *seg)
{
	size_t		p = r->pos,
				end;

	while (p < r->len && (r->buf[p] == '\r' || r->buf[p] == '\n' || r->buf[p] == ' ' || r->buf[p] == '\t'))
		p++;
	if (p >= r->len)
		return 0;
	for (end = p; end < r->len && r->buf[end] != MARK_SEGMENT; end++)
		;
	if (end >= r->len)
	{
		/* trailing blanks or a lone line break after the last terminator are fine */
		size_t		k;

		for (k = p; k < end; k++)
			if (r->buf[k] > ' ')
				break;
		if (k == end)
			return 0;
		/* many files end with an unterminated UNZ: the end of the text terminates it */
		if (end - p >= 3 && memcmp(r->buf + p, "UNZ", 3) == 0)
			return sc_edi_next_at(r, seg, p, end);	/* buf[end] is the closing NUL */
		sc_set_error("segment %d at byte %zu (%.3s) has no terminator", r->segments + 1, p, r->buf + p);
		return -1;
	}
	return sc_edi_next_at(r, seg, p, end);
}

/* Cut the segment buf[p..end) (end holds its terminator) into seg. */
static int
sc_edi_next_at(sc_edi_reader *r, sc_edi_segment *seg, size_t p, size_t end)
{
	char	   *s;
	int			e = 0,
				c = 0;

	memset(seg, 0, sizeof(*seg));
	r->buf[end] = '\0';
	s = r->buf + p;
	seg->tag = s;
	seg->offset = p;
	seg->position = ++r->segments;
	for (; *s; s++)
	{
		if (*s == MARK_ELEMENT)
		{
			*s = '\0';
			if (e < SC_EDI_MAX_ELEMENTS)
			{
				seg->value[e][0] = s + 1;
				seg->ncomponents[e] = 1;
			}
			e++;
			c = 0;
			seg->nelements = e < SC_EDI_MAX_ELEMENTS ? e : SC_EDI_MAX_ELEMENTS;
		}
		else if (*s == MARK_COMPONENT && e > 0)
		{
			*s = '\0';
			c++;
			if (e - 1 < SC_EDI_MAX_ELEMENTS && c < SC_EDI_MAX_COMPONENTS)
			{
				seg->value[e - 1][c] = s + 1;
				seg->ncomponents[e - 1] = c + 1;
			}
		}
	}
	/* a tag may be followed by blanks (UNG *PAXLST in one airline's files) */
	{
		char	   *t = (char *) seg->tag;
		size_t		tl = strlen(t);

		while (tl > 0 && t[tl - 1] == ' ')
			t[--tl] = '\0';
	}
	r->pos = end + 1;
	return 1;
}

sc_parse
sc_edi_read(const char *text, size_t len,
			sc_parse (*segment) (void *state, const sc_edi_segment *s), void *state)
{
	sc_edi_reader r;
	sc_edi_segment seg;
	sc_parse	res;
	int			got = 0,
				messages = 0,
				segments = 0;
	size_t		base = 0;

	/*
	 * One interchange after another: files and queues concatenate them, and
	 * reading only the first would drop the travellers of the rest without a
	 * word.  Text after the last UNZ that starts no interchange (a Type-B or
	 * SITA trailer) is not read.
	 */
	if (len > SC_MAX_MESSAGE_BYTES)
	{
		sc_set_error("the message is %zu bytes, over the limit of %zu", len, SC_MAX_MESSAGE_BYTES);
		return SC_PARSE_SYNTAX;
	}
	for (;;)
	{
		if ((res = sc_edi_open(&r, text + base, len - base)) != SC_PARSE_OK)
			return res;
		r.segments = segments;
		while ((got = sc_edi_next(&r, &seg)) > 0)
		{
			if (seg.position % SC_STOP_EVERY == 0 && sc_should_stop != NULL && sc_should_stop())
			{
				res = SC_PARSE_STOPPED;
				break;
			}
			if (strcmp(seg.tag, "UNH") == 0)
				messages++;
			if ((res = segment(state, &seg)) != SC_PARSE_OK)
				break;
			if (strcmp(seg.tag, "UNZ") == 0)
				break;
		}
		segments = r.segments;
		sc_edi_close(&r);
		if (got < 0 || res != SC_PARSE_OK || r.next == 0 ||
			!another_interchange(text + base + r.next, len - base - r.next))
			break;
		base += r.next;
	}
	if (got < 0)
		res = SC_PARSE_SYNTAX;
	else if (res == SC_PARSE_OK && messages == 0)
	{
		sc_set_error("no message (UNH) in the interchange");
		res = SC_PARSE_SYNTAX;
	}
	return res;
}

int
sc_edi_unb_year(const sc_edi_segment *unb)
{
	const char *d = sc_edi_get(unb, 3, 0);
	int			yy;

	if (strlen(d) < 6 || d[0] < '0' || d[0] > '9' || d[1] < '0' || d[1] > '9')
		return 0;
	if (strlen(d) >= 8)
		return atoi(d) / 10000; /* CCYYMMDD (syntax 4) */
	yy = (d[0] - '0') * 10 + (d[1] - '0');
	return yy >= 70 ? 1900 + yy : 2000 + yy;
}

bool
sc_edi_copy(char *dst, size_t cap, const char *src)
{
	size_t		n = strlen(src);

	if (n >= cap)
	{
		memcpy(dst, src, cap - 1);
		dst[cap - 1] = '\0';
		return false;
	}
	memcpy(dst, src, n + 1);
	return true;
}
