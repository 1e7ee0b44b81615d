/*
 * sc_han.c - Chinese names written in Han characters, to Latin.
 *
 * A Han name is family name first, usually one character (two for compound
 * surnames such as 欧阳 OUYANG), then a given name of one or two characters,
 * with no space.  Passports and lists write the given-name syllables joined
 * (XI JINPING), Western order puts the family name last (JINPING XI), some
 * lists separate every syllable (XI JIN PING), and Taiwanese and older
 * documents use Wade-Giles (CHIANG HSIUYUAN for 蒋秀元, pinyin JIANG XIUYUAN).
 * This module lays a Han run out in each of those ways (sc_han_scheme); the
 * canonical form is family first, given name joined.
 *
 * Each character becomes one toneless pinyin syllable through ICU
 * (sc_icu_translit.c; the family position uses the surname readings).
 * Japanese names written in kanji get Mandarin readings here, which is a
 * known limit: kanji name readings need a dictionary that ICU does not have.
 * A word of more than four characters is not a Chinese personal name (it is a
 * foreign name written in characters) and is written as one token.
 */
#include <string.h>

#include "sc_internal.h"
#include "sc_pinyin.h"

#define HAN_WORD_MAX 64

static sc_status
append_syllable(int32_t cp, bool family, int scheme, sc_out *o)
{
	const char *syl;
	sc_status	st = sc_icu_han_syllable(cp, family, &syl);

	if (st != SC_OK)
		return st;
	if (scheme == SC_HAN_WADE_GILES)
	{
		char		wg[16];
		size_t		n = sc_pinyin_to_wade_giles(syl, strlen(syl), wg, sizeof(wg));

		if (n != (size_t) -1)
		{
			sc_out_puts(o, wg);
			return SC_OK;
		}
	}
	sc_out_puts(o, syl);
	return SC_OK;
}

/* One space-free word: family + given as the scheme lays them out. */
static sc_status
romanize_word(const int32_t *w, int n, bool first_word, bool single_word, int scheme, sc_out *o)
{
	int			family = 0;
	int			i;
	sc_status	st = SC_OK;

	/* only a lone word of 2-4 characters is read as family + given name */
	if (single_word && n >= 2 && n <= 4)
		family = sc_han_family_length(w, (size_t) n);
	if (family == 0 || scheme == SC_HAN_SYLLABLES)
	{
		for (i = 0; i < n && st == SC_OK; i++)
		{
			if (scheme == SC_HAN_SYLLABLES)
				sc_out_space(o);
			st = append_syllable(w[i], first_word && i == 0 && n <= 4, scheme, o);
		}
		return st;
	}
	if (scheme == SC_HAN_FAMILY_LAST)
	{
		for (i = family; i < n && st == SC_OK; i++)
			st = append_syllable(w[i], false, scheme, o);
		sc_out_space(o);
		for (i = 0; i < family && st == SC_OK; i++)
			st = append_syllable(w[i], true, scheme, o);
		return st;
	}
	for (i = 0; i < family && st == SC_OK; i++)
		st = append_syllable(w[i], true, scheme, o);
	sc_out_space(o);
	for (i = family; i < n && st == SC_OK; i++)
		st = append_syllable(w[i], false, scheme, o);
	return st;
}

sc_status
sc_han_romanize(const int32_t *cps, int n, int scheme, sc_out *o)
{
	int			starts[HAN_WORD_MAX];
	int			ends[HAN_WORD_MAX];
	int			nwords = 0;
	int			i = 0;
	int			w;
	sc_status	st = SC_OK;

	while (i < n)
	{
		while (i < n && cps[i] == ' ')
			i++;
		if (i >= n)
			break;
		if (nwords == HAN_WORD_MAX)
		{
			/* more words than a name has: fold the rest into the last one */
			ends[nwords - 1] = n;
			break;
		}
		starts[nwords] = i;
		while (i < n && cps[i] != ' ')
			i++;
		ends[nwords] = i;
		nwords++;
	}
	if (scheme == SC_HAN_FAMILY_LAST && nwords > 1)
	{
		/* written with spaces: the first word is the family name; move it last */
		for (w = 1; w < nwords && st == SC_OK; w++)
		{
			sc_out_space(o);
			st = romanize_word(cps + starts[w], ends[w] - starts[w], false, false, scheme, o);
		}
		sc_out_space(o);
		if (st == SC_OK)
			st = romanize_word(cps + starts[0], ends[0] - starts[0], true, false, scheme, o);
		return st;
	}
	for (w = 0; w < nwords && st == SC_OK; w++)
	{
		sc_out_space(o);
		st = romanize_word(cps + starts[w], ends[w] - starts[w], w == 0, nwords == 1, scheme, o);
	}
	return st;
}
