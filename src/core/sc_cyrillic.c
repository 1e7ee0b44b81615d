/*
 * sc_cyrillic.c - Cyrillic names to Latin, per language and per scheme.
 *
 * One Cyrillic name reaches a screening system in several Latin spellings:
 * Юлия Щеглова is IULIIA SHCHEGLOVA in a Russian passport issued since 2013
 * (ICAO Doc 9303), YULIYA SHCHEGLOVA in an older one or in the press, and a
 * Belarusian passport writes Аляксандр as ALIAKSANDR.  ICU's Cyrillic-Latin
 * (ISO 9, with diacritics) matches none of them.  So the core romanizes with
 * its own table, data/cyrillic.tsv: one column per scheme (Russian ICAO,
 * BGN/PCGN and legacy; Belarusian, Ukrainian, Bulgarian, Serbian, Macedonian
 * and Kazakh national systems), where a cell can differ at the start of a
 * word and after a vowel (YA/IA), and a key can be a letter sequence or
 * word-final (ИЙ$ -> II/IY/Y).
 *
 * The canonical form (name_normalize) uses the scheme of the language the
 * letters reveal: ў or і without и is Belarusian, ї є ґ (or і with и)
 * Ukrainian, ђ ћ and the Serbian letters Serbian, ѓ ќ ѕ Macedonian, ә ғ қ ң ө
 * ұ ү һ Kazakh; otherwise Russian (ICAO).  A name that shows no telltale
 * letter is flagged ambiguous, and name_variants then also offers the
 * Bulgarian, Ukrainian and Belarusian readings.  Letters no column knows
 * (Chuvash, Tatar, Bashkir...) go through ICU's Cyrillic-Latin.
 */
#include <string.h>

#include <unicode/uchar.h>

#include "sc_internal.h"
#include "sc_tables.h"
#include "sc_utf8.h"

#define MAX_RULES 96
#define MAX_KEY 3
#define MAX_VALUE 6				/* "SHCH" + NUL, rounded up */

typedef struct cyr_cell
{
	char		at_start[MAX_VALUE];
	char		after_vowel[MAX_VALUE];
	char		elsewhere[MAX_VALUE];
} cyr_cell;

typedef struct cyr_rule
{
	int32_t		key[MAX_KEY];
	int			keylen;
	bool		word_final;
	cyr_cell	cell[SC_CYR_NSCHEMES];
} cyr_rule;

static cyr_rule rules[MAX_RULES];
static int	nrules = -1;

/*
 * The rules by their first letter, in table order: every letter of a name is
 * looked up, and scanning all ~90 rules for each (once per rendering, up to
 * seven of a name) was a third of preparing a Cyrillic name.  Letters of the Cyrillic
 * block index bucket (letter - CYR_BLOCK); the rare rule starting elsewhere
 * goes to the last bucket, which is all a letter outside the block can match.
 */
#define CYR_BLOCK 0x400
#define CYR_BUCKETS 257
static uint8_t bucket_rules[MAX_RULES];
static uint8_t bucket_start[CYR_BUCKETS + 1];

static int
bucket_of(int32_t c)
{
	return (c >= CYR_BLOCK && c < CYR_BLOCK + CYR_BUCKETS - 1) ? c - CYR_BLOCK : CYR_BUCKETS - 1;
}

static const char *const scheme_columns[SC_CYR_NSCHEMES] = {
	"ru_icao", "ru_bgn", "ru_legacy", "be", "uk", "bg", "sr", "mk", "kk"
};

static void
copy_value(char *dst, const char *src, size_t n)
{
	size_t		i;

	for (i = 0; i < n && i + 1 < MAX_VALUE && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

/* "A", "A|B" (start|elsewhere) or "A|B|C" (start|after vowel|elsewhere) */
static void
parse_cell(const char *s, cyr_cell *c)
{
	const char *bar1 = strchr(s, '|');
	const char *bar2 = bar1 ? strchr(bar1 + 1, '|') : NULL;

	if (bar1 == NULL)
	{
		copy_value(c->at_start, s, strlen(s));
		copy_value(c->after_vowel, s, strlen(s));
		copy_value(c->elsewhere, s, strlen(s));
	}
	else if (bar2 == NULL)
	{
		copy_value(c->at_start, s, bar1 - s);
		copy_value(c->after_vowel, bar1 + 1, strlen(bar1 + 1));
		copy_value(c->elsewhere, bar1 + 1, strlen(bar1 + 1));
	}
	else
	{
		copy_value(c->at_start, s, bar1 - s);
		copy_value(c->after_vowel, bar1 + 1, bar2 - bar1 - 1);
		copy_value(c->elsewhere, bar2 + 1, strlen(bar2 + 1));
	}
}

static void
cyrillic_init(void)
{
	const sc_table *t = &sc_table_cyrillic;
	int			c_key = sc_table_column(t, "key");
	int			cols[SC_CYR_NSCHEMES];
	int			row;
	int			s;
	int			n = 0;

	for (s = 0; s < SC_CYR_NSCHEMES; s++)
		cols[s] = sc_table_column(t, scheme_columns[s]);
	for (row = 0; row < t->nrows && n < MAX_RULES; row++)
	{
		const char *key = sc_table_cell(t, row, c_key);
		size_t		keybytes = strlen(key);
		size_t		i = 0;
		cyr_rule   *r = &rules[n];

		r->keylen = 0;
		r->word_final = false;
		if (keybytes > 0 && key[keybytes - 1] == '$')
		{
			r->word_final = true;
			keybytes--;
		}
		while (i < keybytes && r->keylen < MAX_KEY)
		{
			int			k = sc_utf8_decode((const unsigned char *) key + i, keybytes - i,
										   &r->key[r->keylen]);

			if (k == 0)
				break;
			i += k;
			r->keylen++;
		}
		if (r->keylen == 0)
			continue;
		for (s = 0; s < SC_CYR_NSCHEMES; s++)
			parse_cell(cols[s] >= 0 ? sc_table_cell(t, row, cols[s]) : "", &r->cell[s]);
		n++;
	}
	{
		int			b;
		int			r;
		int			at = 0;

		for (b = 0; b < CYR_BUCKETS; b++)
		{
			bucket_start[b] = (uint8_t) at;
			for (r = 0; r < n; r++)
				if (bucket_of(rules[r].key[0]) == b)
					bucket_rules[at++] = (uint8_t) r;
		}
		bucket_start[CYR_BUCKETS] = (uint8_t) at;
	}
	nrules = n;
}

/*
 * u_tolower and u_isalpha for the letters a name is made of, without ICU for
 * the basic Cyrillic block and ASCII (U+0400-U+045F are all letters; the
 * capitals lower by 0x20 and 0x50), which were a fifth of romanizing.
 */
static inline int32_t
cyr_lower(int32_t c)
{
	if (c >= 0x430 && c <= 0x45F)
		return c;
	if (c >= 0x410 && c <= 0x42F)
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40F)
		return c + 0x50;
	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') ? c + 0x20 : c;
	return u_tolower(c);
}

static inline bool
cyr_isalpha(int32_t c)
{
	if (c >= 0x400 && c <= 0x45F)
		return true;
	if (c < 0x80)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	return u_isalpha(c);
}

static bool
is_cyrillic_vowel_or_sign(int32_t c)
{
	static const int32_t vowels[] = {
		0x430, 0x435, 0x451, 0x438, 0x43E, 0x443, 0x44B, 0x44D, 0x44E, 0x44F,	/* а е ё и о у ы э ю я */
		0x456, 0x457, 0x454, 0x4D9, 0x4E9, 0x4B1, 0x4AF, 0x45E,	/* і ї є ә ө ұ ү ў */
		0x44C, 0x44A			/* ь ъ */
	};
	size_t		i;

	for (i = 0; i < sizeof(vowels) / sizeof(vowels[0]); i++)
		if (vowels[i] == c)
			return true;
	return false;
}

void
sc_cyrillic_detect(const int32_t *cps, int n, int *language, bool *ambiguous)
{
	bool		has_i = false,
				has_dotted_i = false,
				has_short_u = false,
				has_ukr = false,
				has_srp = false,
				has_mkd = false,
				has_kaz = false,
				has_rus = false;
	int			i;

	for (i = 0; i < n; i++)
	{
		/* ASCII lowercases to ASCII, which no case below is */
		if (cps[i] < 0x80)
			continue;
		switch (cyr_lower(cps[i]))
		{
			case 0x438:			/* и */
				has_i = true;
				break;
			case 0x456:			/* і */
				has_dotted_i = true;
				break;
			case 0x45E:			/* ў */
				has_short_u = true;
				break;
			case 0x457:			/* ї */
			case 0x454:			/* є */
			case 0x491:			/* ґ */
				has_ukr = true;
				break;
			case 0x452:			/* ђ */
			case 0x45B:			/* ћ */
			case 0x458:			/* ј */
			case 0x459:			/* љ */
			case 0x45A:			/* њ */
			case 0x45F:			/* џ */
				has_srp = true;
				break;
			case 0x453:			/* ѓ */
			case 0x45C:			/* ќ */
			case 0x455:			/* ѕ */
				has_mkd = true;
				break;
			case 0x4D9:			/* ә */
			case 0x493:			/* ғ */
			case 0x49B:			/* қ */
			case 0x4A3:			/* ң */
			case 0x4E9:			/* ө */
			case 0x4B1:			/* ұ */
			case 0x4AF:			/* ү */
			case 0x4BB:			/* һ */
				has_kaz = true;
				break;
			case 0x44B:			/* ы */
			case 0x44D:			/* э */
			case 0x451:			/* ё */
			case 0x44A:			/* ъ */
				has_rus = true;
				break;
			default:
				break;
		}
	}
	*ambiguous = false;
	if (has_mkd)
		*language = SC_CYR_MK;
	else if (has_srp)
		*language = SC_CYR_SR;
	else if (has_kaz)
		*language = SC_CYR_KK;
	else if (has_ukr || (has_dotted_i && has_i))
		*language = SC_CYR_UK;
	else if (has_short_u || has_dotted_i)
		*language = SC_CYR_BE;
	else
	{
		*language = SC_CYR_RU_ICAO;
		/* ы э ё ъ rule out Ukrainian and Bulgarian readings, not Belarusian: keep it simple */
		*ambiguous = !has_rus;
	}
}

/* Romanize one letter no rule covers, through ICU. */
static void
fallback_letter(int32_t c, sc_out *o)
{
	int32_t		out[16];
	int			nout = 0;
	int			i;

	if (sc_icu_translit_cps("Cyrillic-Latin", &c, 1, out, 16, &nout) != SC_OK)
		return;
	for (i = 0; i < nout; i++)
		sc_latin_fold(out[i], false, o);
}

void
sc_cyrillic_romanize(const int32_t *cps, int n, int scheme, sc_out *o)
{
	int			i = 0;

	if (nrules < 0)
		cyrillic_init();
	if (scheme < 0 || scheme >= SC_CYR_NSCHEMES)
		scheme = SC_CYR_RU_ICAO;
	while (i < n)
	{
		int32_t		c = cyr_lower(cps[i]);
		const cyr_rule *best = NULL;
		int			b = bucket_of(c);
		int			j;

		if (!cyr_isalpha(c))
		{
			/* a space between words; combining marks left after NFKC carry nothing */
			if (c == ' ')
				sc_out_space(o);
			i++;
			continue;
		}
		for (j = bucket_start[b]; j < bucket_start[b + 1]; j++)
		{
			const cyr_rule *rule = &rules[bucket_rules[j]];
			int			k;

			if (rule->key[0] != c || i + rule->keylen > n || (best && best->keylen >= rule->keylen))
				continue;
			for (k = 1; k < rule->keylen; k++)
				if (cyr_lower(cps[i + k]) != rule->key[k])
					break;
			if (k < rule->keylen)
				continue;
			if (rule->word_final && i + rule->keylen < n && cyr_isalpha(cps[i + rule->keylen]))
				continue;
			best = rule;
		}
		if (best == NULL)
		{
			fallback_letter(c, o);
			i++;
			continue;
		}
		if (i == 0 || !cyr_isalpha(cps[i - 1]))
			sc_out_puts(o, best->cell[scheme].at_start);
		else if (is_cyrillic_vowel_or_sign(cyr_lower(cps[i - 1])))
			sc_out_puts(o, best->cell[scheme].after_vowel);
		else
			sc_out_puts(o, best->cell[scheme].elsewhere);
		i += best->keylen;
	}
}
