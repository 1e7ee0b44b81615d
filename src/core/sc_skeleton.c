/*
 * sc_skeleton.c - consonant skeletons: the part of a name every spelling keeps.
 *
 * Arabic, Hebrew and Persian write few vowels, so a romanized list entry can
 * be a bare frame (محمد -> MHMD) while a passport says MUHAMMAD; English
 * spellings of one Arabic name differ mostly in vowels and doubling
 * (MOHAMMED, MUHAMAD, MOHAMED); Russian Х is KH or H.  Edit distance between
 * MHMD and MUHAMMAD is 4, which no threshold forgives.  Their skeletons are
 * equal: MHMD.
 *
 * A token's skeleton, left to right:
 *  - the first letter is kept; if it is a vowel it is written A, so that
 *    OMAR/UMAR/عمر and ISMAIL/ESMAIL/ISMAEL share a start;
 *  - later vowels (A E I O U) and glides (Y, W) are dropped: romanized
 *    names write the glides as vowels as often as consonants (SAYED/SAID,
 *    ZAWAHIRI/ZUAHRI, NASHWAN/NASHUAN), and Arabic waw and yeh are both;
 *    Slavic В is V, which stays;
 *  - digraphs fold to one letter: PH -> F, KH -> H (Х/خ as KH or H),
 *    GH -> G, TH -> T, DH -> D, SH -> S, ZH -> Z, CH -> C, TS/TZ -> C
 *    (Ц as TS, TZ or C), CK -> K;
 *  - DJ -> J (Maghrebi French spellings: DJAMEL, JAMAL);
 *  - single letters fold where romanizations disagree: Q -> K (Arabic ق as
 *    Q or K), W -> V at the start of a word, X -> KS.  C stays C: it is Ц in Serbian and Polish
 *    spellings (CVETKOV, TSVETKOV) as often as K in Western ones, and the
 *    scorer's edit costs already treat C/K as a cheap confusion;
 *  - a letter equal to the one before it is dropped (MM -> M).
 * Digits are kept.  The skeleton is a bridge for candidate retrieval and for
 * the scorer's last-resort comparison, never a verdict on its own: the scorer
 * weighs it below exact and edit-distance evidence.
 */
#include <string.h>

#include "sc_internal.h"

static bool
is_vowel(char c)
{
	return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U' || c == 'Y';
}

size_t
sc_token_skeleton(const char *tok, size_t len, char *out)
{
	size_t		i = 0;
	size_t		n = 0;

	while (i < len)
	{
		char		c = tok[i];
		char		next = i + 1 < len ? tok[i + 1] : '\0';
		char		emit[3] = {0, 0, 0};
		size_t		consumed = 1;
		int			k;

		if (c >= '0' && c <= '9')
			emit[0] = c;
		else if (i == 0 && is_vowel(c) && c != 'Y')
			emit[0] = 'A';
		else if ((is_vowel(c) || c == 'W') && i > 0)
			emit[0] = '\0';
		else if (c == 'D' && next == 'J')
		{
			emit[0] = 'J';
			consumed = 2;
		}
		else if (next == 'H' && strchr("PKGTDSZC", c) != NULL)
		{
			emit[0] = c == 'P' ? 'F' : c == 'K' ? 'H' : c;
			consumed = 2;
		}
		else if (c == 'T' && (next == 'S' || next == 'Z'))
		{
			emit[0] = 'C';
			consumed = 2;
		}
		else if (c == 'C' && next == 'K')
		{
			emit[0] = 'K';
			consumed = 2;
		}
		else if (c == 'Q')
			emit[0] = 'K';
		else if (c == 'W')
			emit[0] = 'V';
		else if (c == 'X')
		{
			emit[0] = 'K';
			emit[1] = 'S';
		}
		else
			emit[0] = c;
		for (k = 0; k < 2 && emit[k]; k++)
		{
			if (n > 0 && out[n - 1] == emit[k])
				continue;
			out[n++] = emit[k];
		}
		i += consumed;
	}
	out[n] = '\0';
	return n;
}

sc_status
sc_name_skeleton(const char *in, size_t len, char *out, size_t *outlen)
{
	char		norm[SC_NORM_BUFSIZE];
	size_t		normlen;
	size_t		i = 0;
	size_t		n = 0;
	sc_status	st = sc_name_normalize(in, len, norm, &normlen);

	out[0] = '\0';
	*outlen = 0;
	if (st != SC_OK)
		return st;
	while (i < normlen)
	{
		size_t		start = i;

		while (i < normlen && norm[i] != ' ')
			i++;
		if (n > 0)
			out[n++] = ' ';
		/* X -> KS can double a token, so check room for twice its length */
		if (n + 2 * (i - start) + 1 >= SC_NORM_BUFSIZE)
			return SC_ERR_TOO_LONG;
		n += sc_token_skeleton(norm + start, i - start, out + n);
		while (i < normlen && norm[i] == ' ')
			i++;
	}
	out[n] = '\0';
	*outlen = n;
	return SC_OK;
}
