/*
 * sc_keys.c - the index keys of a name: what nameidx files a listed name under and looks a passenger up by.
 *
 * nameidx must be exact: every listed name scoring SC_INDEX_EXACT_FLOOR or
 * more against a passenger must be found.  The scorer guarantees that such
 * a pair has an anchor (sc_score.c, step 5): a substantive token pairing of
 * one of a few kinds, on a passenger token (or joined tokens) holding at
 * least SC_ANCHOR_SHARE of the heaviest passenger token's weight.  Each kind
 * has a key that both sides produce, so the pair shares a key:
 *
 *   anchor kind              listed name emits         passenger emits
 *   exact token              TOKEN(t)                  TOKEN(t)
 *   spelling family          FAMILY(f)                 FAMILY(f)
 *   equivalence class        TOKEN(t), FAMILY(f)       TOKEN(m), FAMILY(family(m)) for
 *                                                      every member m of t's class
 *                                                      (from the current dictionary)
 *   equal skeleton (>= 3)    SKELETON(s)               SKELETON(s)
 *   equal Double Metaphone   METAPHONE(p), (a)         METAPHONE(p), (a)
 *     code (>= 3 letters)
 *   one-edit typo, >= 4      DELETION(t minus letter   DELETION(t minus letter i, i),
 *     letters each side        i, i) for every i         DELETION(t, i) for i = 0..len,
 *                                                      TOKEN(t minus letter i) when
 *                                                      that has 4 letters or more
 *                                                      (emit_one_edit: a substitution,
 *                                                      a letter more on either side)
 *   join, exact or same      TOKEN and SKELETON (>= 4) the same for its windows;
 *     skeleton (>= 4)        of each window of 2-3     single tokens meet windows
 *                            adjacent tokens           through TOKEN and SKELETON
 *   identical names (1.0)    WHOLE(each variant)       WHOLE(canonical form)
 *
 * The listed side emits keys for every token and window of every variant; the
 * passenger side only for tokens and windows heavy enough to anchor, which is
 * what keeps a search for MUHAMMAD ZARKARI off the postings of MUHAMMAD.
 * Equivalence classes are expanded on the passenger side at search time, so
 * the index needs no rebuild when users edit screening.name_equivalents;
 * spelling families, skeletons and Double Metaphone come from compiled
 * tables, which only change with the normalization version (a REINDEX).
 *
 * For thresholds of SC_COVERED_FLOOR or more the scorer also demands
 * coverage (sc_score.c): the visible pairings must hold SC_COVERAGE_SHARE of
 * the heavy query weight.  sc_query_keys_tagged tags each query key with the
 * tokens it stands for, so the index can OR the tags of the keys a row
 * shares and keep the row only if they could meet that demand
 * (sc_query_covered): whatever the scorer counts as covered, the row shares
 * a key for, so the index never drops a row the scorer would keep.
 *
 * Keys are 32-bit hashes of (kind, string), never 0 or 1 (the index keeps
 * those for itself).  A collision only adds a candidate, which the score
 * recheck removes; it never loses one.  A name whose keys do not fit the
 * caller's buffer gets -1 rather than a silently incomplete set, so that the
 * index can file it where every search looks (nmutils.c).
 *
 * Cost: a three-token Latin name gives about 40 keys, mostly its deletions;
 * a passenger looks up about twice as many for its heavy tokens (a one-edit
 * typo takes three lookups a letter, to the listed side's one key: the index
 * stores the listed side, so the lookups are the cheaper place), fewer when
 * it has common tokens.  Key rules version 7 (SC_KEY_VERSION) cut the rows
 * to recheck by 29 % on 500 passengers at 1 M names (positions, and key
 * kinds hashed apart).  test/unit/test_keys.c checks the guarantee above
 * over real pairs and every one-edit neighbour of a few tokens.
 */
#include <stdlib.h>
#include <string.h>

#include "sc_internal.h"
#include "sc_score.h"

enum
{
	KEY_TOKEN = 1,
	KEY_FAMILY,
	KEY_SKELETON,
	KEY_METAPHONE,
	KEY_WHOLE,
	KEY_PREFIX,
	KEY_DELETION
};

typedef struct key_sink
{
	uint32_t   *keys;			/* plain keys, or NULL when tagging */
	sc_tagged_key *tagged;		/* tagged keys, or NULL */
	int			n;
	int			max;
	int			overflow;		/* a key did not fit: the set is incomplete */
	uint8_t		variant;		/* what the keys emitted now stand for */
	uint32_t	mask;
	bool		query;			/* the passenger's side (some keys are emitted differently) */
} key_sink;

static uint32_t
key_hash(int kind, const char *s, size_t len)
{
	/*
	 * The kind goes in as a byte of its own (an FNV step), not XORed into
	 * the seed: with the seed, kind k of "LIN" hashed exactly like kind 1 of
	 * the string whose first letter differs by k ^ 1 ("JIN"), so every key
	 * kind collided systematically with some real token's key.
	 */
	uint32_t	h = sc_hash32((2166136261u ^ (uint32_t) kind) * 16777619u, s, len);

	/* 0 and 1 are the index's own keys (every row; rows with too many keys) */
	return h > 1 ? h : h + 2;
}

static void
emit(key_sink *k, int kind, const char *s, size_t len)
{
	if (k->n >= k->max)
		k->overflow = 1;
	else if (k->tagged)
	{
		k->tagged[k->n].key = key_hash(kind, s, len);
		k->tagged[k->n].variant = k->variant;
		k->tagged[k->n].mask = k->mask;
		k->n++;
	}
	else
		k->keys[k->n++] = key_hash(kind, s, len);
}

static void
emit_family(key_sink *k, int family)
{
	char		buf[12];
	int			n = 0;

	while (family > 0 && n < (int) sizeof(buf))
	{
		buf[n++] = (char) ('0' + family % 10);
		family /= 10;
	}
	emit(k, KEY_FAMILY, buf, n);
}

/*
 * One edit between tokens of SC_VISIBLE_TYPO_MIN_LEN letters or more.  A
 * listed token files each of its deletions with the deleted position
 * (DELETION(t minus letter i, i), every i, even between equal neighbours);
 * the passenger looks up
 *   DELETION(t minus letter i, i)  a substitution at i: both delete i;
 *   DELETION(t, i), i = 0..len     the listed token has one letter more,
 *                                  at i;
 *   TOKEN(t minus letter i)        the passenger has one letter more: the
 *                                  rest is the listed token itself, when
 *                                  that is long enough to be a visible typo.
 * Unpositioned deletions meeting each other (key rules 6) also met pairs two
 * edits apart that the scorer does not see, ILIN and LING through LIN (a
 * deletion at each end): candidates to recheck and nothing else.
 */
static void
emit_one_edit(key_sink *k, const sc_score_token *t)
{
	char		buf[256];
	int			i;

	for (i = 0; i < t->len; i++)
	{
		memcpy(buf, t->text, i);
		memcpy(buf + i, t->text + i + 1, t->len - i - 1);
		buf[t->len - 1] = (char) i;
		emit(k, KEY_DELETION, buf, t->len);
		if (k->query && t->len - 1 >= SC_VISIBLE_TYPO_MIN_LEN &&
			(i == 0 || t->text[i] != t->text[i - 1]))
			emit(k, KEY_TOKEN, buf, t->len - 1);
	}
	if (k->query)
	{
		memcpy(buf, t->text, t->len);
		for (i = 0; i <= t->len; i++)
		{
			buf[t->len] = (char) i;
			emit(k, KEY_DELETION, buf, t->len + 1);
		}
	}
}

/* The keys of one token on either side: exact, family, skeleton, metaphone, deletions. */
static void
emit_token(key_sink *k, const sc_score_token *t)
{
	emit(k, KEY_TOKEN, t->text, t->len);
	if (t->kind == SC_TOKEN_NUMBER)
		return;					/* numbers match only exactly */
	if (t->family)
		emit_family(k, t->family);
	if (t->len >= 3 && strlen(t->skeleton) >= SC_MIN_PHONETIC_KEY)
		emit(k, KEY_SKELETON, t->skeleton, strlen(t->skeleton));
	if (t->len >= 3)
	{
		if (strlen(t->metaphone) >= SC_MIN_PHONETIC_KEY)
			emit(k, KEY_METAPHONE, t->metaphone, strlen(t->metaphone));
		if (strlen(t->metaphone_alt) >= SC_MIN_PHONETIC_KEY)
			emit(k, KEY_METAPHONE, t->metaphone_alt, strlen(t->metaphone_alt));
	}
	if (t->len >= SC_VISIBLE_TYPO_MIN_LEN)
		emit_one_edit(k, t);
	/*
	 * Two edits at the end of a long token (MERKEL / MERKUR, MICHEL /
	 * MICHELLE): the first SC_VISIBLE_PREFIX letters and the length.  A
	 * listed token files its own length; the passenger looks up every length
	 * two edits can reach, so the pair meets without the listed side paying
	 * five keys per token.
	 */
	if (t->len >= SC_VISIBLE_PREFIX_MIN_LEN)
	{
		char		buf[SC_VISIBLE_PREFIX + 1];
		int			len;

		memcpy(buf, t->text, SC_VISIBLE_PREFIX);
		for (len = k->query ? t->len - 2 : t->len; len <= (k->query ? t->len + 2 : t->len); len++)
		{
			if (len < SC_VISIBLE_PREFIX_MIN_LEN || len > 255)
				continue;
			buf[SC_VISIBLE_PREFIX] = (char) len;
			emit(k, KEY_PREFIX, buf, SC_VISIBLE_PREFIX + 1);
		}
	}
}

/* Keys of the joined window v->tokens[first .. first+count-1], as the scorer joins it. */
static void
emit_window(key_sink *k, const sc_score_variant *v, int first, int count)
{
	char		buf[256];
	char		skel[2 * 256 + 1];
	size_t		n = 0;
	size_t		sl;
	int			i;

	for (i = first; i < first + count; i++)
	{
		const sc_score_token *t = &v->tokens[i];

		/* the scorer does not join legal forms or numbers */
		if (t->kind == SC_TOKEN_LEGAL || t->kind == SC_TOKEN_NUMBER || n + t->len >= sizeof(buf))
			return;
		memcpy(buf + n, t->text, t->len);
		n += t->len;
	}
	emit(k, KEY_TOKEN, buf, n);
	sl = sc_token_skeleton(buf, n, skel);
	if (sl > sizeof(((sc_score_token *) 0)->skeleton) - 1)
		sl = sizeof(((sc_score_token *) 0)->skeleton) - 1;
	if (sl >= SC_MIN_JOIN_SKELETON)
		emit(k, KEY_SKELETON, skel, sl);
}

static int
compare_u32(const void *a, const void *b)
{
	uint32_t	x = *(const uint32_t *) a;
	uint32_t	y = *(const uint32_t *) b;

	return (x > y) - (x < y);
}

static int
finish(key_sink *k)
{
	int			i,
				n = 0;

	if (k->overflow)
		return -1;
	qsort(k->keys, k->n, sizeof(uint32_t), compare_u32);
	for (i = 0; i < k->n; i++)
		if (n == 0 || k->keys[i] != k->keys[n - 1])
			k->keys[n++] = k->keys[i];
	return n;
}

int
sc_candidate_keys(const sc_name_prep *c, uint32_t *keys, int max)
{
	key_sink	k = {keys, NULL, 0, max, 0, 0, 0, false};
	int			v,
				i,
				w;

	for (v = 0; v < c->nvariants; v++)
	{
		const sc_score_variant *var = &c->variants[v];

		/* identical names score 1 whatever their tokens: the whole text is a key */
		emit(&k, KEY_WHOLE, var->text, c->text.len[v]);
		for (i = 0; i < var->ntokens; i++)
			if (sc_anchor_token(&var->tokens[i]))
				emit_token(&k, &var->tokens[i]);
		for (w = 2; w <= SC_MAX_JOIN; w++)
			for (i = 0; i + w <= var->ntokens; i++)
				emit_window(&k, var, i, w);
	}
	return finish(&k);
}

typedef struct expand_arg
{
	key_sink   *k;
} expand_arg;

static void
expand_member(const char *tok, size_t len, void *arg)
{
	expand_arg *e = arg;
	int			family = sc_nameform_family(tok, len);

	emit(e->k, KEY_TOKEN, tok, len);
	if (family)
		emit_family(e->k, family);
}

/* The query's keys into k, tagged with variant and token mask when k tags. */
static void
query_keys(const sc_name_prep *q, const sc_dict *dict, key_sink *k, sc_query_cover *cover)
{
	expand_arg	e = {k};
	int			v,
				i,
				w;

	if (dict == NULL)
		dict = sc_dict_builtin();
	if (cover)
		memset(cover, 0, sizeof(*cover));
	for (v = 0; v < q->nvariants; v++)
	{
		const sc_score_variant *var = &q->variants[v];
		float		qmax = 0;

		k->variant = (uint8_t) v;
		if (v == 0)
		{
			k->mask = SC_COVER_ALL;
			emit(k, KEY_WHOLE, var->text, q->text.len[0]);
		}
		/* the weight an anchor must hold, as the scorer computes it */
		for (i = 0; i < var->ntokens; i++)
			if (var->tokens[i].kind == SC_TOKEN_NAME && var->tokens[i].weight > qmax)
				qmax = var->tokens[i].weight;
		for (i = 0; i < var->ntokens; i++)
		{
			const sc_score_token *t = &var->tokens[i];

			if (!sc_query_heavy(t, qmax))
				continue;
			/* a repeated token counts once, as the scorer counts it */
			if (cover && sc_token_first(var, i) == i)
			{
				cover->weight[v][i] = t->weight;
				cover->heavy_total[v] += t->weight;
			}
			k->mask = 1u << sc_token_first(var, i);
			emit_token(k, t);
			if (t->eqclass && dict != NULL)
				sc_dict_class_members(dict, t->eqclass, expand_member, &e);
		}
		for (w = 2; w <= SC_MAX_JOIN; w++)
			for (i = 0; i + w <= var->ntokens; i++)
			{
				float		sum = 0;
				int			j;

				for (j = i; j < i + w; j++)
					sum += var->tokens[j].weight;
				if (sum >= SC_ANCHOR_SHARE * qmax)
				{
					k->mask = 0;
					for (j = i; j < i + w; j++)
						k->mask |= 1u << sc_token_first(var, j);
					emit_window(k, var, i, w);
				}
			}
	}
	if (cover)
		cover->nvariants = q->nvariants;
}

int
sc_query_keys(const sc_name_prep *q, const sc_dict *dict, uint32_t *keys, int max)
{
	key_sink	k = {keys, NULL, 0, max, 0, 0, 0, true};

	query_keys(q, dict, &k, NULL);
	return finish(&k);
}

static int
compare_tagged(const void *a, const void *b)
{
	const sc_tagged_key *x = a;
	const sc_tagged_key *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (int) x->variant - (int) y->variant;
}

int
sc_query_keys_tagged(const sc_name_prep *q, const sc_dict *dict, sc_tagged_key *keys, int max,
					 sc_query_cover *cover)
{
	key_sink	k = {NULL, keys, 0, max, 0, 0, 0, true};
	int			i,
				n = 0;

	query_keys(q, dict, &k, cover);
	if (k.overflow)
		return -1;
	/* one entry per (key, variant): the masks of duplicates are merged */
	qsort(keys, k.n, sizeof(sc_tagged_key), compare_tagged);
	for (i = 0; i < k.n; i++)
	{
		if (n > 0 && keys[n - 1].key == keys[i].key && keys[n - 1].variant == keys[i].variant)
			keys[n - 1].mask |= keys[i].mask;
		else
			keys[n++] = keys[i];
	}
	return n;
}

/*
 * Can a row whose shared keys cover masks[v] of each query variant v score
 * above SC_UNCOVERED_CAP?  Only if, for some variant, they cover the share
 * of heavy weight the scorer demands (or the variant has no heavy token).
 * The sums run in the scorer's order and precision, and the comparison
 * leaves a margin, so that the index never asks for more than the scorer.
 */
static bool
variant_covered(const sc_query_cover *cover, int v, uint32_t mask)
{
	float		covered = 0;
	uint32_t	m;

	if (mask == SC_COVER_ALL || cover->heavy_total[v] <= 0)
		return true;
	/* set bits only, lowest first: the scorer's order (a row shares keys of a few tokens) */
	for (m = mask; m != 0; m &= m - 1)
		covered += cover->weight[v][sc_lowest_bit32(m)];
	return covered >= SC_COVERAGE_SHARE * cover->heavy_total[v] - 1e-4f;
}

bool
sc_query_covered(const sc_query_cover *cover, const uint32_t *masks)
{
	int			v;

	for (v = 0; v < cover->nvariants; v++)
		if (variant_covered(cover, v, masks[v]))
			return true;
	return false;
}

/*
 * The heavy tokens of variant v that every row meeting the coverage rule
 * through v must share a key for: those so heavy that all the others
 * together fall short (both tokens of JIANG TING).  Decided by the same sum
 * as sc_query_covered, so the index can take candidates from one essential
 * token's keys alone and only update them with the other keys.
 */
uint32_t
sc_query_essential(const sc_query_cover *cover, int v)
{
	uint32_t	all = 0,
				essential = 0;
	int			i;

	if (v < 0 || v >= cover->nvariants || cover->heavy_total[v] <= 0)
		return 0;
	for (i = 0; i < SC_SCORE_MAX_TOKENS; i++)
		if (cover->weight[v][i] > 0)
			all |= 1u << i;
	for (i = 0; i < SC_SCORE_MAX_TOKENS; i++)
		if ((all & (1u << i)) && !variant_covered(cover, v, all & ~(1u << i)))
			essential |= 1u << i;
	return essential;
}
