/*
 * sc_nameforms.c - spelling families: the many written forms of one name.
 *
 * MOHAMMED, MUHAMMAD, MOHAMED and محمد are one name; ALIAKSANDR (Belarusian
 * passport) and ALEKSANDR (Russian list entry) are national forms of one
 * name; ABDUL RAHMAN and ABDULRAHMAN are one name split two ways.  Edit
 * distance sees none of this reliably, so data/name_forms.tsv groups such
 * forms into families, each with one canonical spelling.  Two uses:
 *
 *  - Arabic-script words: a word (or two or three, for عبد الرحمن) found in
 *    the table is written in its family's canonical Latin form instead of
 *    the vowel-less letter-by-letter form (محمد -> MUHAMMAD, not MHMD).
 *    Lookup ignores what Arabic spelling itself varies on: harakat, tatweel,
 *    the hamza seats of alef, teh marbuta versus heh, alef maksura versus
 *    yeh, and the Persian forms of kaf and yeh.
 *  - Latin tokens: name_variants offers the name with every token (or run of
 *    up to four tokens) that belongs to a family replaced by the family's
 *    canonical form, so both sides of a comparison meet on one spelling.
 *
 * The table is parsed once into two hash maps keyed by the normalized form.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "sc_internal.h"
#include "sc_tables.h"
#include "sc_utf8.h"

#define FORM_KEY_MAX 96

typedef struct form_entry
{
	char		key[FORM_KEY_MAX];
	const char *canonical;
	int			family;			/* family number, 1.. */
} form_entry;

/*
 * Open addressing, with each slot's hash in a dense array of its own (tags:
 * 0 empty, else the hash with its low bit set): a lookup, most of them for a
 * token that is not there, reads a few bytes of a 128 kB array instead of a
 * 112-byte entry of a 3.7 MB one (a cache miss each: 12 % of preparing a
 * name), and touches an entry only on a matching hash.
 */
typedef struct form_map
{
	form_entry *entries;
	uint32_t   *tags;
	uint32_t	mask;
} form_map;

static form_map latin_map;
static form_map arabic_map;
static bool forms_ready = false;
static int	max_latin_tokens = 1;

/*
 * Families by number, for the scorer: a single-token form maps to the family's
 * id (1..nfamilies); family_canonical[id] names it.
 */
static form_map family_map;		/* canonical -> id, stored in the canonical slot */
static const char **family_canonical;
static int	nfamilies = 0;

static uint32_t
hash_key(const char *s, size_t len)
{
	/* finalized: the low bits pick the slot, all of them make the tag */
	return sc_hash32(2166136261u, s, len);
}

static void
map_put(form_map *m, const char *key, size_t len, const char *canonical, int family)
{
	uint32_t	tag,
				h;

	if (m->entries == NULL || len == 0 || len >= FORM_KEY_MAX)
		return;
	tag = hash_key(key, len) | 1u;
	for (h = tag;; h++)
	{
		form_entry *e = &m->entries[h & m->mask];

		if (m->tags[h & m->mask] == 0)
		{
			m->tags[h & m->mask] = tag;
			memcpy(e->key, key, len);
			e->key[len] = '\0';
			e->canonical = canonical;
			e->family = family;
			return;
		}
		if (m->tags[h & m->mask] == tag && strncmp(e->key, key, len) == 0 && e->key[len] == '\0')
			return;				/* first family wins; the table tests forbid duplicates */
	}
}

static const form_entry *
map_find(const form_map *m, const char *key, size_t len)
{
	uint32_t	tag,
				h;

	if (m->entries == NULL || len == 0 || len >= FORM_KEY_MAX)
		return NULL;
	tag = hash_key(key, len) | 1u;
	for (h = tag;; h++)
	{
		uint32_t	t = m->tags[h & m->mask];
		const form_entry *e;

		if (t == 0)
			return NULL;
		if (t != tag)
			continue;
		e = &m->entries[h & m->mask];
		if (strncmp(e->key, key, len) == 0 && e->key[len] == '\0')
			return e;
	}
}

static const char *
map_get(const form_map *m, const char *key, size_t len)
{
	const form_entry *e = map_find(m, key, len);

	return e ? e->canonical : NULL;
}

/*
 * Fold an Arabic-script word sequence to its lookup key: letters unified as
 * described in the header, marks and tatweel dropped, one space between words.
 */
static size_t
arabic_key(const int32_t *cps, int n, char *key, size_t cap)
{
	size_t		len = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		int32_t		c = cps[i];
		unsigned char buf[4];
		int			k;

		switch (c)
		{
			case 0x0623:		/* أ */
			case 0x0625:		/* إ */
			case 0x0622:		/* آ */
			case 0x0671:		/* ٱ */
				c = 0x0627;		/* ا */
				break;
			case 0x0629:		/* ة */
				c = 0x0647;		/* ه */
				break;
			case 0x0649:		/* ى */
			case 0x06CC:		/* ی */
				c = 0x064A;		/* ي */
				break;
			case 0x06A9:		/* ک */
				c = 0x0643;		/* ك */
				break;
			case 0x0640:		/* tatweel */
				continue;
			default:
				break;
		}
		if (c == ' ')
		{
			if (len > 0 && key[len - 1] != ' ' && len + 1 < cap)
				key[len++] = ' ';
			continue;
		}
		if (u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK)
			continue;
		k = sc_utf8_encode(c, buf);
		if (len + k + 1 >= cap)
			return 0;
		memcpy(key + len, buf, k);
		len += k;
	}
	while (len > 0 && key[len - 1] == ' ')
		len--;
	key[len] = '\0';
	return len;
}

static void
forms_init(void)
{
	const sc_table *t = &sc_table_name_forms;
	int			c_canonical = sc_table_column(t, "canonical");
	int			c_form = sc_table_column(t, "form");
	int			c_script = sc_table_column(t, "script");
	uint32_t	size = 1;
	int			row;

	forms_ready = true;
	while (size < (uint32_t) t->nrows * 4)
		size <<= 1;
	latin_map.entries = calloc(size, sizeof(form_entry));
	arabic_map.entries = calloc(size, sizeof(form_entry));
	family_map.entries = calloc(size, sizeof(form_entry));
	latin_map.tags = calloc(size, sizeof(uint32_t));
	arabic_map.tags = calloc(size, sizeof(uint32_t));
	family_map.tags = calloc(size, sizeof(uint32_t));
	family_canonical = calloc(t->nrows + 1, sizeof(const char *));
	latin_map.mask = arabic_map.mask = family_map.mask = size - 1;
	if (latin_map.entries == NULL || arabic_map.entries == NULL ||
		family_map.entries == NULL || family_canonical == NULL ||
		latin_map.tags == NULL || arabic_map.tags == NULL || family_map.tags == NULL)
	{
		/* without memory the table is simply not used: names still normalize */
		free(latin_map.entries);
		free(arabic_map.entries);
		free(family_map.entries);
		free(latin_map.tags);
		free(arabic_map.tags);
		free(family_map.tags);
		free(family_canonical);
		latin_map.entries = arabic_map.entries = family_map.entries = NULL;
		latin_map.tags = arabic_map.tags = family_map.tags = NULL;
		family_canonical = NULL;
		return;
	}
	for (row = 0; row < t->nrows; row++)
	{
		const char *canonical = sc_table_cell(t, row, c_canonical);
		const char *form = sc_table_cell(t, row, c_form);
		const char *script = sc_table_cell(t, row, c_script);
		const form_entry *fam = map_find(&family_map, canonical, strlen(canonical));
		int			family;

		if (fam == NULL)
		{
			family_canonical[++nfamilies] = canonical;
			map_put(&family_map, canonical, strlen(canonical), canonical, nfamilies);
			family = nfamilies;
		}
		else
			family = fam->family;
		if (strcmp(script, "Arabic") == 0)
		{
			int32_t		cps[FORM_KEY_MAX];
			char		key[FORM_KEY_MAX];
			int			n = sc_utf8_to_cps(form, strlen(form), cps, FORM_KEY_MAX);
			size_t		len = n > 0 ? arabic_key(cps, n, key, sizeof(key)) : 0;

			map_put(&arabic_map, key, len, canonical, family);
		}
		else if (strcmp(script, "Latin") == 0)
		{
			int			ntok = 1;
			const char *p;

			for (p = form; *p; p++)
				if (*p == ' ')
					ntok++;
			if (ntok > max_latin_tokens)
				max_latin_tokens = ntok;
			map_put(&latin_map, form, strlen(form), canonical, family);
		}
		/* Cyrillic forms document the family; lookups happen after romanization */
	}
}

const char *
sc_nameform_arabic(const int32_t *cps, int n)
{
	char		key[FORM_KEY_MAX];
	size_t		len;

	if (!forms_ready)
		forms_init();
	len = arabic_key(cps, n, key, sizeof(key));
	return len > 0 ? map_get(&arabic_map, key, len) : NULL;
}

int
sc_nameform_latin(const char *const *toks, const size_t *lens, int ntoks, const char **canonical)
{
	int			k;

	if (!forms_ready)
		forms_init();
	if (ntoks > max_latin_tokens)
		ntoks = max_latin_tokens;
	for (k = ntoks; k >= 1; k--)
	{
		char		key[FORM_KEY_MAX];
		size_t		len = 0;
		int			i;
		const char *c;

		for (i = 0; i < k; i++)
		{
			if (len + lens[i] + 2 >= sizeof(key))
				break;
			if (i > 0)
				key[len++] = ' ';
			memcpy(key + len, toks[i], lens[i]);
			len += lens[i];
		}
		if (i < k)
			continue;
		key[len] = '\0';
		c = map_get(&latin_map, key, len);
		if (c != NULL)
		{
			*canonical = c;
			return k;
		}
	}
	return 0;
}

/* Number of the spelling family of one token (A-Z), or 0 if it has none. */
int
sc_nameform_family(const char *tok, size_t len)
{
	const form_entry *e;

	if (!forms_ready)
		forms_init();
	e = map_find(&latin_map, tok, len);
	return e ? e->family : 0;
}

/* Canonical spelling of family id, or NULL. */
const char *
sc_nameform_family_canonical(int id)
{
	if (!forms_ready)
		forms_init();
	return (id > 0 && id <= nfamilies) ? family_canonical[id] : NULL;
}
