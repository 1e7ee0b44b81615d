/*
 * sc_dict.c - what the scorer knows about a token beyond its letters.
 *
 * Three kinds of knowledge, each from a table the project writes and users
 * can extend (the SQL layer adds the rows of screening.name_equivalents and
 * screening.token_frequencies on top of the built-in ones):
 *
 *  - equivalence classes: names that designate the same person although they
 *    are different words: nicknames (WILLIAM, BILL), the same name in another
 *    language (JOSEPH, YUSUF, JOSE).  data/name_equivalents.tsv.  Spelling
 *    variants of one name are not here but in the spelling families of
 *    sc_nameforms.c; a token's class is looked up by the token and, failing
 *    that, by its spelling family's canonical form, so MOHAMED reaches the
 *    class of MUHAMMAD.
 *  - rarity: the share of names that contain a token.  A shared MUHAMMAD says
 *    little, a shared ZARKARI a lot.  The weight of a token is
 *    clamp(-log10(share) / 3, 0.3, 1): a token in one name in a thousand or
 *    rarer weighs 1, one in 10 % of names weighs 0.33, and no token weighs
 *    less than 0.3 so that a name made only of common tokens can still
 *    match.  Unknown tokens are rare by definition and weigh 1.
 *    data/token_frequencies.tsv is the built-in estimate; analyze_token_
 *    frequencies replaces it with counts from the user's own watchlist.
 *  - legal forms: company suffixes (LLC, JSC, GMBH) and generic words
 *    (GROUP, TRADING) weigh little, and long forms are folded to one token
 *    (INCORPORATED -> INC; LIMITED LIABILITY COMPANY -> LLC), so that company
 *    names compare on their distinctive words.  data/legal_forms.tsv and
 *    data/legal_phrases.tsv.
 *
 * One open-addressing hash table keyed by token holds all three.  A
 * dictionary is built once (the built-in one per process, a user one per
 * change of the user tables) and then only read.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sc_internal.h"
#include "sc_score.h"
#include "sc_tables.h"

#define DICT_KEY_MAX 40

typedef struct dict_entry
{
	uint32_t	hash;			/* of key: most probes end on this, not strncmp */
	char		key[DICT_KEY_MAX];
	int32_t		eqclass;		/* 0 = none */
	float		share;			/* 0 = unknown */
	int8_t		legal;			/* 0 none, 1 legal form, 2 generic word */
	bool		phrase_start;	/* first word of a legal phrase */
	char		legal_canonical[12];
} dict_entry;

#define MAX_PHRASES 128
#define PHRASE_MAX 64

typedef struct legal_phrase
{
	char		text[PHRASE_MAX];	/* tokens separated by single spaces */
	int			ntokens;
	char		canonical[12];
} legal_phrase;

struct sc_dict
{
	dict_entry *entries;
	uint32_t	mask;
	uint32_t	used;
	int32_t		nclasses;
	int			nphrases;
	legal_phrase phrases[MAX_PHRASES];
	/*
	 * Members of each class, built on first use after a change: a query
	 * expands its tokens' classes, and a scan of the whole table per token
	 * cost more than the search once a list's token frequencies were in it.
	 */
	bool		members_valid;
	/* changes with every change of contents: what callers key memos by (sc_dict_serial) */
	uint64_t	serial;
	uint32_t   *class_first;	/* nclasses + 2 offsets into class_members */
	uint32_t   *class_members;	/* entry indexes, grouped by class */
};

/* Serial numbers are never reused, not even by a dictionary at a freed one's address. */
static uint64_t last_serial = 0;

static void
dict_changed(sc_dict *d)
{
	d->serial = ++last_serial;
}

uint64_t
sc_dict_serial(const sc_dict *d)
{
	return d->serial;
}

static uint32_t
dict_hash(const char *s, size_t len)
{
	/*
	 * Finalized (sc_hash32): with raw FNV, linear probing clustered once a
	 * list's token frequencies were in (359,000 entries for a 1M-name list:
	 * name_score 11 % faster finalized).
	 */
	return sc_hash32(2166136261u, s, len);
}

static bool
dict_grow(sc_dict *d)
{
	uint32_t	newsize = (d->mask + 1) * 2;
	dict_entry *old = d->entries;
	uint32_t	oldsize = d->mask + 1;
	uint32_t	i;

	d->entries = calloc(newsize, sizeof(dict_entry));
	if (d->entries == NULL)
	{
		d->entries = old;
		return false;
	}
	d->mask = newsize - 1;
	for (i = 0; i < oldsize; i++)
	{
		if (old[i].key[0] != '\0')
		{
			uint32_t	h = old[i].hash;

			while (d->entries[h & d->mask].key[0] != '\0')
				h++;
			d->entries[h & d->mask] = old[i];
		}
	}
	free(old);
	return true;
}

/* The entry for a token, created if insert; NULL if absent, too long or out of memory. */
static dict_entry *
dict_slot(sc_dict *d, const char *s, size_t len, bool insert)
{
	uint32_t	hash,
				h;

	if (len == 0 || len >= DICT_KEY_MAX)
		return NULL;
	if (insert && (d->used + 1) * 2 > d->mask + 1 && !dict_grow(d))
		return NULL;
	if (insert)
		d->members_valid = false;	/* entries move or change class */
	hash = dict_hash(s, len);
	for (h = hash;; h++)
	{
		dict_entry *e = &d->entries[h & d->mask];

		if (e->key[0] == '\0')
		{
			if (!insert)
				return NULL;
			e->hash = hash;
			memcpy(e->key, s, len);
			e->key[len] = '\0';
			d->used++;
			return e;
		}
		if (e->hash == hash && strncmp(e->key, s, len) == 0 && e->key[len] == '\0')
			return e;
	}
}

static const dict_entry *
dict_find(const sc_dict *d, const char *s, size_t len)
{
	return dict_slot((sc_dict *) d, s, len, false);
}

bool
sc_dict_add_equivalent(sc_dict *d, const char *cls, size_t clslen, const char *name, size_t namelen)
{
	dict_entry *c = dict_slot(d, cls, clslen, true);
	dict_entry *n;

	if (c == NULL)
		return false;
	dict_changed(d);
	if (c->eqclass == 0)
		c->eqclass = ++d->nclasses;
	n = dict_slot(d, name, namelen, true);
	if (n == NULL)
		return false;
	/* a token keeps the first class it was given: classes are not chained */
	if (n->eqclass == 0)
		n->eqclass = c->eqclass;
	return true;
}

/* The rarity weight of a stored share: clamp(-log10(share) / 3, 0.3, 1). */
static double
share_weight(float share)
{
	double		w = -log10(share) / 3.0;

	return w < 0.3 ? 0.3 : w > 1.0 ? 1.0 : w;
}

bool
sc_dict_set_share(sc_dict *d, const char *tok, size_t len, double share)
{
	dict_entry *e;

	if (!(share > 0.0) || share > 1.0)
		return false;
	dict_changed(d);

	/*
	 * A token in one name in a thousand or fewer weighs 1, as a token the
	 * dictionary does not know does; unless it has a spelling family (whose
	 * canonical form's share it would inherit if absent) storing it changes
	 * no weight.  A list's own frequencies are nearly all such tokens (all but
	 * 401 of 359,162 for the 1M-name benchmark list): kept, they cost every
	 * backend about 70 MB and 0.75 s when it first scores a name.
	 */
	if (share_weight((float) share) >= 1.0 && sc_nameform_family(tok, len) == 0)
	{
		e = dict_slot(d, tok, len, false);
		if (e != NULL)
			e->share = 0.0f;	/* a later row for the token wins, as below */
		return true;
	}
	e = dict_slot(d, tok, len, true);
	if (e == NULL)
		return false;
	e->share = (float) share;
	return true;
}

static bool
load_equivalents(sc_dict *d)
{
	const sc_table *t = &sc_table_name_equivalents;
	int			a = sc_table_column(t, "class");
	int			b = sc_table_column(t, "name");
	int			row;

	for (row = 0; row < t->nrows; row++)
	{
		const char *cls = sc_table_cell(t, row, a);
		const char *name = sc_table_cell(t, row, b);

		if (!sc_dict_add_equivalent(d, cls, strlen(cls), name, strlen(name)))
			return false;
	}
	return true;
}

static void
load_frequencies(sc_dict *d)
{
	const sc_table *t = &sc_table_token_frequencies;
	int			a = sc_table_column(t, "token");
	int			b = sc_table_column(t, "share");
	int			row;

	for (row = 0; row < t->nrows; row++)
	{
		const char *tok = sc_table_cell(t, row, a);

		sc_dict_set_share(d, tok, strlen(tok), atof(sc_table_cell(t, row, b)));
	}
}

static bool
load_legal(sc_dict *d)
{
	const sc_table *t = &sc_table_legal_forms;
	int			a = sc_table_column(t, "token");
	int			b = sc_table_column(t, "canonical");
	int			k = sc_table_column(t, "kind");
	int			row;

	for (row = 0; row < t->nrows; row++)
	{
		const char *tok = sc_table_cell(t, row, a);
		dict_entry *e = dict_slot(d, tok, strlen(tok), true);

		if (e == NULL)
			return false;
		e->legal = strcmp(sc_table_cell(t, row, k), "form") == 0 ? 1 : 2;
		strncpy(e->legal_canonical, sc_table_cell(t, row, b), sizeof(e->legal_canonical) - 1);
	}
	t = &sc_table_legal_phrases;
	a = sc_table_column(t, "phrase");
	b = sc_table_column(t, "canonical");
	for (row = 0; row < t->nrows && d->nphrases < MAX_PHRASES; row++)
	{
		const char *phrase = sc_table_cell(t, row, a);
		legal_phrase *p = &d->phrases[d->nphrases];
		size_t		first = strcspn(phrase, " ");
		dict_entry *e;
		const char *c;

		if (strlen(phrase) >= PHRASE_MAX)
			continue;
		strcpy(p->text, phrase);
		strncpy(p->canonical, sc_table_cell(t, row, b), sizeof(p->canonical) - 1);
		p->ntokens = 1;
		for (c = phrase; *c; c++)
			if (*c == ' ')
				p->ntokens++;
		e = dict_slot(d, phrase, first, true);
		if (e == NULL)
			return false;
		e->phrase_start = true;
		d->nphrases++;
	}
	return true;
}

static bool
load_builtin(sc_dict *d, int parts)
{
	if ((parts & SC_DICT_EQUIVALENTS) && !load_equivalents(d))
		return false;
	if (parts & SC_DICT_FREQUENCIES)
		load_frequencies(d);
	if ((parts & SC_DICT_LEGAL) && !load_legal(d))
		return false;
	return true;
}

int
sc_dict_phrase(const sc_dict *d, const char *const *toks, const size_t *lens, int ntoks,
			   const char **canonical)
{
	const dict_entry *e = dict_find(d, toks[0], lens[0]);
	int			best = 0;
	int			i;

	if (e == NULL || !e->phrase_start)
		return 0;
	for (i = 0; i < d->nphrases; i++)
	{
		const legal_phrase *p = &d->phrases[i];
		const char *s = p->text;
		int			k;

		if (p->ntokens > ntoks || p->ntokens <= best)
			continue;
		for (k = 0; k < p->ntokens; k++)
		{
			if (strncmp(s, toks[k], lens[k]) != 0 || (s[lens[k]] != ' ' && s[lens[k]] != '\0'))
				break;
			s += lens[k] + (s[lens[k]] == ' ' ? 1 : 0);
		}
		if (k == p->ntokens)
		{
			best = p->ntokens;
			*canonical = p->canonical;
		}
	}
	return best;
}

sc_dict *
sc_dict_new(int builtin)
{
	sc_dict    *d = calloc(1, sizeof(sc_dict));

	if (d == NULL)
		return NULL;
	d->mask = 4095;
	d->entries = calloc(d->mask + 1, sizeof(dict_entry));
	if (d->entries == NULL || (builtin && !load_builtin(d, builtin)))
	{
		sc_dict_free(d);
		return NULL;
	}
	dict_changed(d);
	return d;
}

void
sc_dict_free(sc_dict *d)
{
	if (d == NULL)
		return;
	free(d->entries);
	free(d->class_first);
	free(d->class_members);
	free(d);
}

const sc_dict *
sc_dict_builtin(void)
{
	static sc_dict *builtin = NULL;

	if (builtin == NULL)
		builtin = sc_dict_new(SC_DICT_ALL);
	return builtin;
}

double
sc_dict_weight(const sc_dict *d, const char *tok, size_t len)
{
	const dict_entry *e = dict_find(d, tok, len);

	if (e == NULL || e->share <= 0.0f)
	{
		/* a spelling variant has the rarity of its family's canonical form */
		int			fam = sc_nameform_family(tok, len);
		const char *canonical = fam ? sc_nameform_family_canonical(fam) : NULL;

		if (canonical != NULL)
			e = dict_find(d, canonical, strlen(canonical));
		if (e == NULL || e->share <= 0.0f)
			return 1.0;
	}
	return share_weight(e->share);
}

int
sc_dict_class(const sc_dict *d, const char *tok, size_t len)
{
	const dict_entry *e = dict_find(d, tok, len);

	if (e == NULL || e->eqclass == 0)
	{
		int			fam = sc_nameform_family(tok, len);
		const char *canonical = fam ? sc_nameform_family_canonical(fam) : NULL;

		if (canonical != NULL)
			e = dict_find(d, canonical, strlen(canonical));
	}
	return e ? e->eqclass : 0;
}

/* Is tok the first word of a legal phrase (LIMITED of LIMITED LIABILITY COMPANY)? */
bool
sc_dict_phrase_start(const sc_dict *d, const char *tok, size_t len)
{
	const dict_entry *e = dict_find(d, tok, len);

	return e != NULL && e->phrase_start;
}

/* Legal-form knowledge for the scorer: 0 none, 1 form, 2 generic; canonical spelling out. */
int
sc_dict_legal(const sc_dict *d, const char *tok, size_t len, const char **canonical)
{
	const dict_entry *e = dict_find(d, tok, len);

	if (e == NULL || e->legal == 0)
		return 0;
	*canonical = e->legal_canonical[0] ? e->legal_canonical : e->key;
	return e->legal;
}

static bool
build_members(sc_dict *d)
{
	uint32_t	i,
				n = 0;
	uint32_t   *first = calloc((size_t) d->nclasses + 2, sizeof(uint32_t));
	uint32_t   *members;

	if (first == NULL)
		return false;
	for (i = 0; i <= d->mask; i++)
		if (d->entries[i].key[0] != '\0' && d->entries[i].eqclass > 0)
		{
			first[d->entries[i].eqclass + 1]++;
			n++;
		}
	members = malloc(sizeof(uint32_t) * (n ? n : 1));
	if (members == NULL)
	{
		free(first);
		return false;
	}
	for (i = 1; i <= (uint32_t) d->nclasses + 1; i++)
		first[i] += first[i - 1];
	/* fill, using first[c] as a cursor, then shift the cursors back */
	for (i = 0; i <= d->mask; i++)
		if (d->entries[i].key[0] != '\0' && d->entries[i].eqclass > 0)
			members[first[d->entries[i].eqclass]++] = i;
	for (i = (uint32_t) d->nclasses + 1; i > 0; i--)
		first[i] = first[i - 1];
	first[0] = 0;
	free(d->class_first);
	free(d->class_members);
	d->class_first = first;
	d->class_members = members;
	d->members_valid = true;
	return true;
}

void
sc_dict_class_members(const sc_dict *d, int eqclass,
					  void (*fn) (const char *tok, size_t len, void *arg), void *arg)
{
	sc_dict    *m = (sc_dict *) d;	/* the member index is a cache */
	uint32_t	i;

	if (eqclass <= 0 || eqclass > d->nclasses)
		return;
	if (!d->members_valid && !build_members(m))
	{
		/* out of memory for the index: the scan still answers */
		for (i = 0; i <= d->mask; i++)
			if (d->entries[i].key[0] != '\0' && d->entries[i].eqclass == eqclass)
				fn(d->entries[i].key, strlen(d->entries[i].key), arg);
		return;
	}
	for (i = d->class_first[eqclass]; i < d->class_first[eqclass + 1]; i++)
	{
		const dict_entry *e = &d->entries[d->class_members[i]];

		fn(e->key, strlen(e->key), arg);
	}
}
