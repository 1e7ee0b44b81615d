/*
 * sc_hebrew.c - Hebrew names to Latin.
 *
 * Hebrew, like Arabic, leaves most vowels unwritten, and ICU's Hebrew-Latin
 * writes every letter as a consonant (בנימין -> bnymyn, vav as w), a form no
 * passport or list uses.  This module follows the simplified rules Israeli
 * passports and the press use for names (data/hebrew.tsv): vav and yod are
 * vowels (O, I) between consonants and consonants (V, Y) at the start of a
 * word, alef and ayin are silent inside a word, bet, kaf and pe take their
 * soft values (V, KH, F) except at the start of a word, and a final he after
 * a consonant is A.  A geresh (׳, or an apostrophe after a Hebrew letter)
 * marks the foreign sounds of loan names: ג׳ J, ז׳ ZH, צ׳ CH; a doubled vav is
 * the consonant V/W.  Vowel points (niqqud), when present, are dropped: names
 * on lists are written without them.
 */
#include <string.h>

#include <unicode/uchar.h>

#include "sc_internal.h"
#include "sc_tables.h"
#include "sc_utf8.h"

#define HEBREW_FIRST 0x05D0
#define HEBREW_LIMIT 0x05F0

typedef struct hebrew_letter
{
	char		start[4];
	char		consonant[4];
	char		vowel[4];
	bool		known;
} hebrew_letter;

static hebrew_letter hletters[HEBREW_LIMIT - HEBREW_FIRST];
static bool hebrew_ready = false;

static void
hebrew_init(void)
{
	const sc_table *t = &sc_table_hebrew;
	int			c_letter = sc_table_column(t, "letter");
	int			c_start = sc_table_column(t, "start");
	int			c_consonant = sc_table_column(t, "consonant");
	int			c_vowel = sc_table_column(t, "vowel");
	int			row;

	for (row = 0; row < t->nrows; row++)
	{
		const char *l = sc_table_cell(t, row, c_letter);
		int32_t		cp;
		hebrew_letter *h;

		if (sc_utf8_decode((const unsigned char *) l, strlen(l), &cp) == 0 ||
			cp < HEBREW_FIRST || cp >= HEBREW_LIMIT)
			continue;
		h = &hletters[cp - HEBREW_FIRST];
		strncpy(h->start, sc_table_cell(t, row, c_start), sizeof(h->start) - 1);
		strncpy(h->consonant, sc_table_cell(t, row, c_consonant), sizeof(h->consonant) - 1);
		strncpy(h->vowel, sc_table_cell(t, row, c_vowel), sizeof(h->vowel) - 1);
		h->known = true;
	}
	hebrew_ready = true;
}

static const hebrew_letter *
hletter_of(int32_t c)
{
	if (c < HEBREW_FIRST || c >= HEBREW_LIMIT)
		return NULL;
	return hletters[c - HEBREW_FIRST].known ? &hletters[c - HEBREW_FIRST] : NULL;
}

void
sc_hebrew_romanize(const int32_t *cps, int n, sc_out *o)
{
	int			i;
	bool		at_start = true;
	bool		prev_consonant = false;

	if (!hebrew_ready)
		hebrew_init();
	for (i = 0; i < n; i++)
	{
		int32_t		c = cps[i];
		const hebrew_letter *h = hletter_of(c);
		bool		last;
		int			j;

		if (c == ' ')
		{
			sc_out_space(o);
			at_start = true;
			prev_consonant = false;
			continue;
		}
		if (h == NULL)
			continue;			/* niqqud and other marks */
		/* a geresh makes a letter a foreign sound: ג' J, ז' ZH, צ' CH, ת' TH */
		if (i + 1 < n && cps[i + 1] == 0x05F3)
		{
			const char *sound = c == 0x05D2 ? "J" : c == 0x05D6 ? "ZH" :
				(c == 0x05E6 || c == 0x05E5) ? "CH" : c == 0x05EA ? "TH" : NULL;

			if (sound != NULL)
			{
				sc_out_puts(o, sound);
				at_start = false;
				prev_consonant = true;
				i++;
				continue;
			}
		}
		/* a doubled vav is the consonant W/V of foreign names (ווקר WALKER) */
		if (c == 0x05D5 && i + 1 < n && cps[i + 1] == 0x05D5)
		{
			sc_out_putc(o, 'V');
			at_start = false;
			prev_consonant = true;
			i++;
			continue;
		}
		/* is this the last letter of its word? */
		last = true;
		for (j = i + 1; j < n && cps[j] != ' '; j++)
		{
			if (hletter_of(cps[j]) != NULL)
			{
				last = false;
				break;
			}
		}
		if (at_start)
		{
			sc_out_puts(o, h->start);
			prev_consonant = h->consonant[0] != '\0';
		}
		else if (h->vowel[0] && (prev_consonant || last) && !(c == 0x05D4 && !last))
		{
			/* vav/yod/alef between consonants or at the end; he only at the end */
			sc_out_puts(o, h->vowel);
			prev_consonant = false;
		}
		else
		{
			sc_out_puts(o, h->consonant);
			prev_consonant = h->consonant[0] != '\0';
		}
		at_start = false;
	}
}
