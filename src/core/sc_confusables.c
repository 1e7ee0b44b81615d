/*
 * sc_confusables.c - letters of other scripts that pass for Latin ones.
 *
 * A name on a watchlist can be disguised by writing some of its letters with
 * look-alikes from another script: Cyrillic А Е О Р С, Greek Ο, Cherokee Ꭺ.
 * A plain transliteration reads them in their own script (Cyrillic Р is R,
 * not P), so the disguised name would normalize differently from the plain
 * one.  The normalizer therefore reads such letters as the Latin letter they
 * look like whenever the name is written in Latin (sc_normalize.c decides
 * that).  The table is data/confusables.tsv, a subset of Unicode's UTS #39
 * confusables; a unit test checks it against ICU's spoof checker.
 */
#include <stdlib.h>
#include <string.h>

#include "sc_internal.h"
#include "sc_tables.h"
#include "sc_utf8.h"

typedef struct confusable
{
	int32_t		cp;
	char		latin;
} confusable;

#define MAX_CONFUSABLES 256

static confusable table[MAX_CONFUSABLES];
static int	ntable = -1;

/* the table's answer for each ASCII code point: a Latin name asks for every letter */
static char ascii_latin[128];
static bool any_ascii = false;

static int
compare_confusable(const void *a, const void *b)
{
	const confusable *x = a;
	const confusable *y = b;

	return (x->cp > y->cp) - (x->cp < y->cp);
}

static void
confusables_init(void)
{
	const sc_table *t = &sc_table_confusables;
	int			c_char = sc_table_column(t, "char");
	int			c_latin = sc_table_column(t, "latin");
	int			row;
	int			n = 0;

	for (row = 0; row < t->nrows && n < MAX_CONFUSABLES; row++)
	{
		const char *ch = sc_table_cell(t, row, c_char);
		const char *latin = sc_table_cell(t, row, c_latin);
		int32_t		cp;

		if (sc_utf8_decode((const unsigned char *) ch, strlen(ch), &cp) == 0 ||
			latin[0] < 'A' || latin[0] > 'Z')
			continue;
		table[n].cp = cp;
		table[n].latin = latin[0];
		n++;
	}
	qsort(table, n, sizeof(confusable), compare_confusable);
	for (row = 0; row < n; row++)
		if (table[row].cp >= 0 && table[row].cp < 128 && ascii_latin[table[row].cp] == 0)
		{
			ascii_latin[table[row].cp] = table[row].latin;
			any_ascii = true;
		}
	ntable = n;
}

char
sc_confusable_latin(int32_t cp)
{
	int			lo = 0;
	int			hi;

	if (ntable < 0)
		confusables_init();
	if (cp >= 0 && cp < 128)
		return ascii_latin[cp];
	hi = ntable - 1;
	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (table[mid].cp == cp)
			return table[mid].latin;
		if (table[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

/* Does any ASCII character stand for another letter?  (The table holds other scripts' letters.) */
bool
sc_confusables_touch_ascii(void)
{
	if (ntable < 0)
		confusables_init();
	return any_ascii;
}
