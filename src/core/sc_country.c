/*
 * sc_country.c - a country, however it is written, as its ISO 3166 alpha-2 code.
 *
 * Nationalities and document issuers arrive as alpha-2 (PAXLST), alpha-3
 * (MRZ), numeric codes, ISO names, the UN list's English names ("Syrian Arab
 * Republic"), common names ("Syria"), or adjectives ("Afghan").  The table
 * is data/countries.tsv, compiled in; every form of a row is folded (Latin
 * letters without accents, uppercase, punctuation as spaces, a leading
 * "THE" dropped) and looked up by binary search in one sorted array built
 * at first use.
 *
 * Where two rows claim the same form (CS: Czechoslovakia, then Serbia and
 * Montenegro), the first row in the file keeps it; the file documents each
 * such choice.  Historical codes keep their own code (SU stays SU) and
 * sc_country_successor says whose nationals they most likely are today, so
 * a comparison can accept SU against RU without losing what was written.
 */
#include "sc_person.h"

#include <stdlib.h>
#include <string.h>

#include "sc_internal.h"
#include "sc_table.h"
#include "sc_tables.h"
#include "sc_utf8.h"

#define MAX_COUNTRY_KEYS 4096
#define KEY_LEN 72

typedef struct country_key
{
	char		key[KEY_LEN];
	int16_t		row;
} country_key;

static country_key keys[MAX_COUNTRY_KEYS];
static int	nkeys = -1;
static char successor[26][26][2];	/* by alpha-2 letters: the "now XX" code, or zeros */
static int	c_alpha2,
			c_alpha3,
			c_numeric,
			c_name,
			c_other,
			c_adjectives,
			c_note;

/* Fold s for lookup into out (KEY_LEN); false if it cannot be a country form. */
static bool
fold(const char *s, size_t len, char *out)
{
	char		buf[KEY_LEN];
	sc_out		o;
	size_t		i = 0;

	sc_out_init(&o, buf, sizeof(buf));
	while (i < len)
	{
		int32_t		cp;
		int			n = sc_utf8_decode((const unsigned char *) s + i, len - i, &cp);

		if (n == 0)
			return false;
		i += (size_t) n;
		if (cp >= '0' && cp <= '9')
			sc_out_putc(&o, (char) cp);
		else if (cp == '\'' || cp == 0x2019)
			continue;			/* COTE D'IVOIRE = COTE DIVOIRE */
		else if (cp < 0x80 && !((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'))
			sc_out_space(&o);
		else if (!sc_latin_fold(cp, false, &o))
			sc_out_space(&o);
	}
	if (o.overflow)
		return false;
	while (o.len > 0 && buf[o.len - 1] == ' ')
		buf[--o.len] = '\0';
	{
		const char *p = buf;

		while (*p == ' ')
			p++;
		if (strncmp(p, "THE ", 4) == 0)
			p += 4;
		if (*p == '\0')
			return false;
		strcpy(out, p);
	}
	return true;
}

static int
compare_key(const void *a, const void *b)
{
	const country_key *x = a;
	const country_key *y = b;
	int			c = strcmp(x->key, y->key);

	return c != 0 ? c : (x->row > y->row) - (x->row < y->row);
}

static void
add(const char *form, size_t len, int row)
{
	if (nkeys >= MAX_COUNTRY_KEYS || len == 0 || (len == 1 && form[0] == '-'))
		return;
	if (fold(form, len, keys[nkeys].key))
		keys[nkeys++].row = (int16_t) row;
}

/* Each ';'-separated part of a cell. */
static void
add_list(const char *cell, int row)
{
	const char *p = cell;

	while (*p)
	{
		const char *e = strchr(p, ';');
		size_t		n = e ? (size_t) (e - p) : strlen(p);

		add(p, n, row);
		p += n;
		if (*p == ';')
			p++;
	}
}

static void
countries_init(void)
{
	const sc_table *t = &sc_table_countries;
	int			row,
				i,
				out;

	c_alpha2 = sc_table_column(t, "alpha2");
	c_alpha3 = sc_table_column(t, "alpha3");
	c_numeric = sc_table_column(t, "numeric");
	c_name = sc_table_column(t, "name");
	c_other = sc_table_column(t, "other_names");
	c_adjectives = sc_table_column(t, "adjectives");
	c_note = sc_table_column(t, "note");
	nkeys = 0;
	for (row = 0; row < t->nrows; row++)
	{
		const char *num = sc_table_cell(t, row, c_numeric);

		add(sc_table_cell(t, row, c_alpha2), strlen(sc_table_cell(t, row, c_alpha2)), row);
		add(sc_table_cell(t, row, c_alpha3), strlen(sc_table_cell(t, row, c_alpha3)), row);
		add(num, strlen(num), row);
		/* numeric codes are also written without their leading zeros (4 for 004) */
		while (num[0] == '0' && num[1] != '\0')
		{
			num++;
			add(num, strlen(num), row);
		}
		add(sc_table_cell(t, row, c_name), strlen(sc_table_cell(t, row, c_name)), row);
		add_list(sc_table_cell(t, row, c_other), row);
		add_list(sc_table_cell(t, row, c_adjectives), row);
		{
			const char *a2 = sc_table_cell(t, row, c_alpha2);
			const char *note = sc_table_cell(t, row, c_note);

			/* "now XX" or "now XX (or YY)": the first code; the first row of a code keeps it */
			if (strlen(a2) == 2 && a2[0] >= 'A' && a2[0] <= 'Z' && a2[1] >= 'A' && a2[1] <= 'Z' &&
				strncmp(note, "now ", 4) == 0 && strlen(note) >= 6 &&
				successor[a2[0] - 'A'][a2[1] - 'A'][0] == '\0')
				memcpy(successor[a2[0] - 'A'][a2[1] - 'A'], note + 4, 2);
		}
	}
	qsort(keys, nkeys, sizeof(country_key), compare_key);
	/* the first row keeps a form two rows claim */
	for (i = 0, out = 0; i < nkeys; i++)
		if (out == 0 || strcmp(keys[out - 1].key, keys[i].key) != 0)
			keys[out++] = keys[i];
	nkeys = out;
}

static int
find_row(const char *key)
{
	int			lo = 0,
				hi = nkeys - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		int			c = strcmp(keys[mid].key, key);

		if (c == 0)
			return keys[mid].row;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

sc_parse
sc_country_code(const char *s, size_t len, char *code)
{
	char		key[KEY_LEN];
	int			row;

	if (nkeys < 0)
		countries_init();
	code[0] = '\0';
	if (!fold(s, len, key))
	{
		sc_set_error(len == 0 ? "an empty country" : "not a country form this table knows");
		return SC_PARSE_SYNTAX;
	}
	row = find_row(key);
	if (row < 0)
	{
		sc_set_error("no country is written \"%s\"", key);
		return SC_PARSE_UNKNOWN;
	}
	memcpy(code, sc_table_cell(&sc_table_countries, row, c_alpha2), 2);
	code[2] = '\0';
	return SC_PARSE_OK;
}

void
sc_country_successor(const char *code, char *out)
{
	if (nkeys < 0)
		countries_init();
	memcpy(out, code, 3);
	if (code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z' && code[2] == '\0' &&
		successor[code[0] - 'A'][code[1] - 'A'][0] != '\0')
	{
		memcpy(out, successor[code[0] - 'A'][code[1] - 'A'], 2);
		out[2] = '\0';
	}
}
