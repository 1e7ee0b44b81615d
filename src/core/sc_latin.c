/*
 * sc_latin.c - fold Latin letters to ASCII, stripped or expanded.
 *
 * Passports, airline systems and watchlists disagree on accented letters: the
 * MRZ writes MÜLLER as MUELLER (ICAO Doc 9303 Part 3), most airline systems
 * and ICU's Latin-ASCII write MULLER, and lists write either.  So every letter
 * has two ASCII forms: 'stripped' (the canonical form, used by name_normalize)
 * and 'expanded' (offered by name_variants).  Most letters fold to the base
 * letter of their canonical decomposition and have one form; the exceptions
 * live in data/latin.tsv.
 *
 * The forms of the letters in U+0080..U+024F and U+1E00..U+1EFF (all Latin
 * letters seen in names) are computed once into a table, so folding is a
 * lookup.  Rarer Latin letters (IPA, Latin Extended-C/D/E) go through ICU's
 * Latin-ASCII transliterator one at a time.  Input is already case-folded.
 */
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>

#include "sc_internal.h"
#include "sc_tables.h"
#include "sc_utf8.h"

#define LATIN_FORM_MAX 4		/* longest form + NUL ("NXX") */

typedef struct latin_forms
{
	char		stripped[LATIN_FORM_MAX];
	char		expanded[LATIN_FORM_MAX];
	bool		is_latin;
} latin_forms;

/* U+0000..U+024F and U+1E00..U+1EFF */
#define LOW_LIMIT	0x250
#define EXT_FIRST	0x1E00
#define EXT_LIMIT	0x1F00

static latin_forms low_forms[LOW_LIMIT];
static latin_forms ext_forms[EXT_LIMIT - EXT_FIRST];
static bool latin_ready = false;

static void
set_form(char *dst, const char *src)
{
	size_t		i;

	for (i = 0; i + 1 < LATIN_FORM_MAX && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

/* Base ASCII letter of cp's canonical decomposition, or 0. */
static char
decomposed_base(int32_t cp)
{
	UErrorCode	status = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&status);
	UChar		src[2];
	UChar		dst[16];
	int32_t		srclen = 0;
	int32_t		n;
	UChar32		first;

	if (U_FAILURE(status))
		return 0;
	U16_APPEND_UNSAFE(src, srclen, cp);
	n = unorm2_normalize(nfd, src, srclen, dst, 16, &status);
	if (U_FAILURE(status) || n < 1)
		return 0;
	first = dst[0];
	if (first >= 'a' && first <= 'z')
		return (char) (first - 'a' + 'A');
	if (first >= 'A' && first <= 'Z')
		return (char) first;
	return 0;
}

static void
compute_forms(int32_t cp, latin_forms *f)
{
	char		base;

	f->is_latin = false;
	f->stripped[0] = f->expanded[0] = '\0';
	if (cp < 0x80)
	{
		if (cp >= 'a' && cp <= 'z')
			cp -= 'a' - 'A';
		if (cp >= 'A' && cp <= 'Z')
		{
			f->stripped[0] = f->expanded[0] = (char) cp;
			f->stripped[1] = f->expanded[1] = '\0';
			f->is_latin = true;
		}
		return;
	}
	{
		UErrorCode	status = U_ZERO_ERROR;

		if (uscript_getScript(cp, &status) != USCRIPT_LATIN || !u_isalpha(cp))
			return;
	}
	f->is_latin = true;
	base = decomposed_base(cp);
	if (base)
	{
		f->stripped[0] = f->expanded[0] = base;
		f->stripped[1] = f->expanded[1] = '\0';
	}
}

static void
apply_exceptions(void)
{
	const sc_table *t = &sc_table_latin;
	int			c_letter = sc_table_column(t, "letter");
	int			c_stripped = sc_table_column(t, "stripped");
	int			c_expanded = sc_table_column(t, "expanded");
	int			row;

	for (row = 0; row < t->nrows; row++)
	{
		const char *letter = sc_table_cell(t, row, c_letter);
		int32_t		cp;
		latin_forms *f = NULL;

		if (sc_utf8_decode((const unsigned char *) letter, strlen(letter), &cp) == 0)
			continue;
		if (cp < LOW_LIMIT)
			f = &low_forms[cp];
		else if (cp >= EXT_FIRST && cp < EXT_LIMIT)
			f = &ext_forms[cp - EXT_FIRST];
		if (f == NULL)
			continue;
		f->is_latin = true;
		set_form(f->stripped, sc_table_cell(t, row, c_stripped));
		set_form(f->expanded, sc_table_cell(t, row, c_expanded));
	}
}

static void
latin_init(void)
{
	int32_t		cp;

	for (cp = 0; cp < LOW_LIMIT; cp++)
		compute_forms(cp, &low_forms[cp]);
	for (cp = EXT_FIRST; cp < EXT_LIMIT; cp++)
		compute_forms(cp, &ext_forms[cp - EXT_FIRST]);
	apply_exceptions();
	latin_ready = true;
}

static const latin_forms *
lookup(int32_t cp)
{
	if (!latin_ready)
		latin_init();
	if (cp >= 0 && cp < LOW_LIMIT)
		return &low_forms[cp];
	if (cp >= EXT_FIRST && cp < EXT_LIMIT)
		return &ext_forms[cp - EXT_FIRST];
	return NULL;
}

bool
sc_latin_has_expansion(int32_t cp)
{
	const latin_forms *f = lookup(cp);

	return f != NULL && f->is_latin && strcmp(f->stripped, f->expanded) != 0;
}

bool
sc_latin_fold(int32_t cp, bool expand, sc_out *o)
{
	const latin_forms *f;

	if (cp >= 'a' && cp <= 'z')
	{
		sc_out_putc(o, (char) (cp - 'a' + 'A'));
		return true;
	}
	if (cp >= 'A' && cp <= 'Z')
	{
		sc_out_putc(o, (char) cp);
		return true;
	}
	f = lookup(cp);
	if (f != NULL)
	{
		if (!f->is_latin)
			return false;
		sc_out_puts(o, expand ? f->expanded : f->stripped);
		return true;
	}
	/* a rare Latin letter outside the table: ask ICU, one letter at a time */
	{
		UErrorCode	status = U_ZERO_ERROR;
		int32_t		outcps[8];
		int			outn = 0;
		int			i;

		if (uscript_getScript(cp, &status) != USCRIPT_LATIN || !u_isalpha(cp))
			return false;
		if (sc_icu_translit_cps("Latin-ASCII", &cp, 1, outcps, 8, &outn) != SC_OK)
			return true;		/* unknown letter: drop it rather than fail */
		for (i = 0; i < outn; i++)
		{
			int32_t		c = outcps[i];

			if (c >= 'a' && c <= 'z')
				c -= 'a' - 'A';
			if (c >= 'A' && c <= 'Z')
				sc_out_putc(o, (char) c);
		}
		return true;
	}
}
