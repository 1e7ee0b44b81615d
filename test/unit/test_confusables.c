/*
 * test_confusables.c - the look-alike table agrees with ICU's spoof checker.
 *
 * data/confusables.tsv claims each letter looks like a Latin letter (a subset
 * of Unicode UTS #39).  ICU implements UTS #39: two strings are confusable
 * when their skeletons are equal.  Each row must have the skeleton of its
 * Latin letter, in lower or upper case (the table stores case-folded letters,
 * so Cyrillic в stands for В, which looks like B), once diacritics are set
 * aside: Cyrillic ё looks like Latin ë, whose ASCII form is E.
 */
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>

#include "sc_table.h"
#include "sc_tables.h"
#include "sc_utf8.h"
#include "tap.h"

static void
skeleton(const USpoofChecker *sc, UChar32 c, char *out, int cap)
{
	UErrorCode	status = U_ZERO_ERROR;
	UChar		in[2];
	UChar		sk[16];
	int32_t		n = 0;
	int32_t		len;

	UChar		nfd[32];
	UChar		bare[32];
	int32_t		nlen;
	int32_t		i;
	int32_t		k = 0;

	U16_APPEND_UNSAFE(in, n, c);
	len = uspoof_getSkeleton(sc, 0, in, n, sk, 16, &status);
	/* set diacritics aside: decompose and drop the marks */
	nlen = unorm2_normalize(unorm2_getNFDInstance(&status), sk, len, nfd, 32, &status);
	for (i = 0; i < nlen && U_SUCCESS(status); i++)
		if (!(U_GET_GC_MASK(nfd[i]) & U_GC_M_MASK))
			bare[k++] = nfd[i];
	u_strToUTF8(out, cap, NULL, bare, k, &status);
	if (U_FAILURE(status))
		out[0] = '\0';
}

int
main(void)
{
	UErrorCode	status = U_ZERO_ERROR;
	USpoofChecker *sc = uspoof_open(&status);
	const sc_table *t = &sc_table_confusables;
	int			c_char = sc_table_column(t, "char");
	int			c_latin = sc_table_column(t, "latin");
	int			row;

	ok(U_SUCCESS(status), "ICU spoof checker opens");
	ok(t->nrows >= 50, "the table has %d rows", t->nrows);
	for (row = 0; row < t->nrows; row++)
	{
		const char *ch = sc_table_cell(t, row, c_char);
		const char *latin = sc_table_cell(t, row, c_latin);
		int32_t		cp = 0;
		char		a_lower[32],
					a_upper[32],
					l_lower[32],
					l_upper[32];
		bool		same;

		sc_utf8_decode((const unsigned char *) ch, strlen(ch), &cp);
		skeleton(sc, cp, a_lower, sizeof(a_lower));
		skeleton(sc, u_toupper(cp), a_upper, sizeof(a_upper));
		skeleton(sc, u_tolower(latin[0]), l_lower, sizeof(l_lower));
		skeleton(sc, latin[0], l_upper, sizeof(l_upper));
		same = strcmp(a_lower, l_lower) == 0 || strcmp(a_upper, l_upper) == 0 ||
			strcmp(a_lower, l_upper) == 0 || strcmp(a_upper, l_lower) == 0;
		ok(same, "%s (U+%04X) is confusable with %s per ICU (skeletons %s/%s vs %s/%s)",
		   ch, cp, latin, a_lower, a_upper, l_lower, l_upper);
	}
	uspoof_close(sc);
	return done_testing();
}
