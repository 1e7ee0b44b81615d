/*
 * sc_score.h - the name scorer: how likely two names are one person's.
 *
 * Part of the PostgreSQL-free core.  The design note is the header of
 * sc_score.c; the token knowledge it draws on (equivalences, rarity, legal
 * forms) is sc_dict.c.
 */
#ifndef SC_SCORE_H
#define SC_SCORE_H

#include "sc_core.h"
#include <string.h>

/* Version of the scoring rules; changes whenever a score could change. */
#define SC_SCORE_VERSION 7

/*
 * Version of the rules that decide which keys a name has and which pairings
 * the index can see (sc_keys.c, and the anchoring and coverage rules of
 * sc_score.c); a nameidx index records it and is refused by a library with
 * another.  It is apart from SC_SCORE_VERSION because a rule that only ever
 * lowers scores (version 7's conflicting names) keeps every index exact as
 * built: what the keys must find is still a superset of what can match, so
 * upgrading the library needs no REINDEX.  Version 7: key kinds hashed
 * apart, one-edit deletions keyed with their position (sc_keys.c): fewer
 * candidates, REINDEX needed.
 */
#define SC_KEY_VERSION 7

/*
 * Default match threshold (screening.match_threshold), chosen on the labelled
 * development pairs for F1 and checked against UN-list recall; see README.
 */
#define SC_DEFAULT_THRESHOLD 0.80

/*
 * Does a score reach a threshold?  Both are compared as the real (float4)
 * that name_score and person_score return and that a threshold is, so that
 * name_score(a, b) >= t and every match operator at t agree, on every pair:
 * in double precision a score computed as 0.79999999 would show as 0.8 and
 * still miss a threshold of 0.8.
 */
static inline bool
sc_score_reaches(double score, double threshold)
{
	return (float) score >= (float) threshold;
}

/* ---- token knowledge (sc_dict.c) ---- */

typedef struct sc_dict sc_dict;

/*
 * A dictionary: given-name equivalence classes, token rarity and legal forms.
 * builtin says which built-in tables to start from: SC_DICT_EQUIVALENTS
 * (data/name_equivalents.tsv), SC_DICT_FREQUENCIES (data/token_frequencies.tsv),
 * SC_DICT_LEGAL (data/legal_forms.tsv and legal_phrases.tsv); callers add
 * user rows on top.  NULL when out of memory.
 */
#define SC_DICT_EQUIVALENTS	0x01
#define SC_DICT_FREQUENCIES	0x02
#define SC_DICT_LEGAL		0x04
#define SC_DICT_ALL			(SC_DICT_EQUIVALENTS | SC_DICT_FREQUENCIES | SC_DICT_LEGAL)
extern sc_dict *sc_dict_new(int builtin);
extern void sc_dict_free(sc_dict *d);

/* A number that changes with every change of d and is never given to another dictionary. */
extern uint64_t sc_dict_serial(const sc_dict *d);

/* Put name in the equivalence class called cls (both normalized tokens). */
extern bool sc_dict_add_equivalent(sc_dict *d, const char *cls, size_t clslen,
								   const char *name, size_t namelen);

/* Share of names that contain tok (0 < share <= 1): common tokens weigh less. */
extern bool sc_dict_set_share(sc_dict *d, const char *tok, size_t len, double share);

/* The process-wide dictionary of built-in tables only (built on first use; NULL on OOM). */
extern const sc_dict *sc_dict_builtin(void);

/* Weight of a token of a name: 1 for a rare token, down to 0.3 for the commonest. */
extern double sc_dict_weight(const sc_dict *d, const char *tok, size_t len);

/* Equivalence class number of a token (0 if none). */
extern int	sc_dict_class(const sc_dict *d, const char *tok, size_t len);

/* Legal form of a token: 0 none, 1 a legal form, 2 a generic company word; *canonical its short form. */
extern int	sc_dict_legal(const sc_dict *d, const char *tok, size_t len, const char **canonical);

/*
 * Legal phrase (LIMITED LIABILITY COMPANY) starting at toks[0]: the number of
 * tokens it spans and its canonical form (LLC), or 0.
 */
extern bool sc_dict_phrase_start(const sc_dict *d, const char *tok, size_t len);
extern int	sc_dict_phrase(const sc_dict *d, const char *const *toks, const size_t *lens, int ntoks,
						   const char **canonical);

/* ---- scoring (sc_score.c) ---- */

#define SC_SCORE_MAX_TOKENS		32
#define SC_SCORE_MAX_VARIANTS	8

/*
 * The rules the scorer and the index keys share (sc_score.c, sc_keys.c): a
 * score above SC_UNANCHORED_CAP needs an anchor pairing the keys can see,
 * holding at least SC_ANCHOR_SHARE of the heaviest query name token's
 * weight; typos of one edit are seen between tokens of at least
 * SC_VISIBLE_TYPO_MIN_LEN letters, typos of two edits between tokens of at
 * least SC_VISIBLE_PREFIX_MIN_LEN letters whose first SC_VISIBLE_PREFIX
 * letters agree (surnames differ at the end far more than at the start:
 * MERKEL / MERKUR, SECHIN / SECHEV, MICHEL / MICHELLE); joins span at most SC_MAX_JOIN tokens
 * and are seen when exact or when their consonant skeletons agree on at
 * least SC_MIN_JOIN_SKELETON letters.  A shorter joined skeleton says
 * nothing: JIANG HUI joins to JNG, the skeleton of every JUNG, JEONG and
 * JANG, and made a search for one Chinese name recheck every Korean one.
 */
#define SC_UNANCHORED_CAP		0.49f
#define SC_ANCHOR_SHARE			0.50f
#define SC_VISIBLE_TYPO_MIN_LEN	4
#define SC_VISIBLE_PREFIX		4	/* two edits are seen between tokens of */
#define SC_VISIBLE_PREFIX_MIN_LEN 6 /* this many letters sharing that many first */
#define SC_MIN_PHONETIC_KEY		3
#define SC_MAX_JOIN				3
#define SC_MIN_JOIN_SKELETON	4

/*
 * The lowest threshold at which an index on these keys is exact: every pair
 * scoring this much or more shares a key.
 */
#define SC_INDEX_EXACT_FLOOR	0.50

/*
 * A score above SC_UNCOVERED_CAP needs more than an anchor: the pairings the
 * keys can see must cover at least SC_COVERAGE_SHARE of the weight of the
 * query's heavy tokens (those the query's keys come from, sc_query_heavy).
 * A strong match agrees visibly on most of the distinctive part of the
 * passenger's name; the index uses the rule at thresholds of
 * SC_COVERED_FLOOR or more, keeping only rows whose shared keys cover that
 * much, which is what makes a search for a name with a common token cheap.
 */
#define SC_UNCOVERED_CAP		0.79f
#define SC_COVERED_FLOOR		0.80
#define SC_COVERAGE_SHARE		0.60f

/* How a token of one name was matched to the other name. */
typedef enum sc_match_kind
{
	SC_MATCH_NONE = 0,			/* unmatched */
	SC_MATCH_EXACT,				/* the same token */
	SC_MATCH_VARIANT,			/* the same spelling family (MOHAMED / MUHAMMAD) */
	SC_MATCH_EQUIVALENT,		/* an equivalent name or nickname (ALEKSANDR / SASHA) */
	SC_MATCH_INITIAL,			/* an initial and a name (J / JOHN) */
	SC_MATCH_PHONETIC,			/* same consonant skeleton or Double Metaphone */
	SC_MATCH_TYPO,				/* within a few weighted edits */
	SC_MATCH_JOINED				/* tokens joined or split (ABDUL RAHMAN / ABDULRAHMAN) */
} sc_match_kind;

extern const char *sc_match_kind_name(sc_match_kind kind);

typedef struct sc_score_token
{
	const char *text;			/* in its variant's text, or a legal form's short form */
	uint8_t		len;
	uint8_t		kind;			/* sc_token_kind, or SC_TOKEN_LEGAL */
	uint8_t		legal;			/* 1 legal form, 2 generic company word */
	bool		filial;			/* BIN, IBN, BINT, OULD: what follows names the father */
	float		weight;
	int32_t		family;			/* spelling family number, 0 if none */
	int32_t		eqclass;		/* equivalence class number, 0 if none */
	char		skeleton[24];
	char		metaphone[5];
	char		metaphone_alt[5];
} sc_score_token;

#define SC_TOKEN_LEGAL 10		/* a legal form or generic company word */

/* Can this token, alone, be one side of an anchoring pairing? */
static inline bool
sc_anchor_token(const sc_score_token *t)
{
	return t->kind == SC_TOKEN_NAME || t->kind == SC_TOKEN_NUMBER;
}

/*
 * Does the query emit keys for this token (sc_keys.c), and so count in the
 * coverage rule?  qmax is the heaviest NAME token's weight in its variant.
 */
static inline bool
sc_query_heavy(const sc_score_token *t, float qmax)
{
	return sc_anchor_token(t) && t->weight >= SC_ANCHOR_SHARE * qmax;
}

typedef struct sc_score_variant
{
	const char *text;
	int			ntokens;
	bool		canonical;		/* the canonical form, not a scheme variant */
	float		total_weight;
	sc_score_token tokens[SC_SCORE_MAX_TOKENS];
} sc_score_variant;

/*
 * The first token of v with the same text as token i (i itself if none):
 * the coverage rule counts a repeated token once (MARIJA MARIJA), because
 * a listed name with one MARIJA shares every key of both.
 */
static inline int
sc_token_first(const sc_score_variant *v, int i)
{
	int			j;

	for (j = 0; j < i; j++)
		if (v->tokens[j].len == v->tokens[i].len &&
			memcmp(v->tokens[j].text, v->tokens[i].text, v->tokens[i].len) == 0)
			return j;
	return i;
}


/* A name made ready for scoring: its variants, tokenized, with token features. */
typedef struct sc_name_prep
{
	int			nvariants;
	int			extra_tokens;	/* tokens past SC_SCORE_MAX_TOKENS (counted as unmatched) */
	sc_score_variant variants[SC_SCORE_MAX_VARIANTS];
	sc_variant_set text;		/* the variant strings */
} sc_name_prep;

extern sc_status sc_name_prepare(const char *in, size_t len, const sc_dict *dict,
								 sc_name_prep *out);

/* A prepared name as one compact block with no pointers, for caches (sc_prep_pack.c). */
extern size_t sc_name_prep_packed_size(const sc_name_prep *p);
extern void sc_name_prep_pack(const sc_name_prep *p, void *block);	/* block: 8-byte aligned */
extern void sc_name_prep_unpack(const void *block, sc_name_prep *out);

/* One aligned pair of token ranges, for explanations. */
typedef struct sc_alignment
{
	uint8_t		q_first,
				q_count;		/* query tokens q_first .. q_first + q_count - 1 */
	uint8_t		c_first,
				c_count;		/* candidate tokens */
	uint8_t		kind;			/* sc_match_kind */
	float		similarity;
	float		edits;			/* weighted edit cost for TYPO */
} sc_alignment;

typedef struct sc_score_detail
{
	double		score;
	int			q_variant;		/* which variants gave the score */
	int			c_variant;
	int			nalign;
	sc_alignment align[2 * SC_SCORE_MAX_TOKENS];
	uint32_t	q_unmatched;	/* bit per unmatched query token */
	uint32_t	c_unmatched;
	int			inversions;		/* order changes among aligned pairs */
} sc_score_detail;

/*
 * Score query (a passenger name) against candidate (a listed name), both
 * prepared with the same dictionary: a value in [0, 1], 1 only when the
 * canonical forms are identical.  detail may be NULL.
 */
extern double sc_name_score_prepared(const sc_name_prep *query, const sc_name_prep *candidate,
									 sc_score_detail *detail);

/*
 * The same score when it reaches floor (sc_score_reaches), and otherwise
 * some value that does not: variant pairs that a cheap bound proves cannot
 * reach floor are not scored.  For the match operators and the ORDER BY
 * distance (which saturates below SC_INDEX_EXACT_FLOOR), whose recheck
 * meets mostly rows that share one token with the passenger and score far
 * below the threshold.
 */
extern double sc_name_score_floor(const sc_name_prep *query, const sc_name_prep *candidate,
								  double floor);

/* ---- index keys (sc_keys.c) ---- */

/*
 * Keys of a listed name for the index, and of a passenger name for a search:
 * 32-bit hashes, sorted and unique.  If name_score(q, c) >= SC_INDEX_EXACT_FLOOR
 * then sc_query_keys(q) and sc_candidate_keys(c) share a key.  Both return the
 * number of keys, or -1 if a name needs more than max (only absurdly long
 * names do with SC_MAX_KEYS): an incomplete set would break the guarantee,
 * so the caller must then treat the name as matching every key.  Keys are
 * never 0 or 1: nameidx uses those for itself.
 */
#define SC_MAX_KEYS 8192
extern int	sc_candidate_keys(const sc_name_prep *c, uint32_t *keys, int max);
extern int	sc_query_keys(const sc_name_prep *q, const sc_dict *dict, uint32_t *keys, int max);

/*
 * The query keys with what they stand for, for the coverage rule: each key
 * of a query variant with the mask of that variant's tokens it covers (a
 * token's own keys cover the token; a joined window's keys cover its tokens;
 * the whole-name key covers everything, SC_COVER_ALL).  Sorted by key, then
 * variant; -1 if more than max.  With it, sc_query_cover gives each
 * variant's heavy-token weights, and sc_query_covered says whether the
 * masks a row's shared keys add up to can meet the rule.
 */
#define SC_COVER_ALL 0xFFFFFFFFu

typedef struct sc_tagged_key
{
	uint32_t	key;
	uint32_t	mask;
	uint8_t		variant;
} sc_tagged_key;

typedef struct sc_query_cover
{
	int			nvariants;
	float		heavy_total[SC_SCORE_MAX_VARIANTS];
	float		weight[SC_SCORE_MAX_VARIANTS][SC_SCORE_MAX_TOKENS];	/* heavy tokens only, else 0 */
} sc_query_cover;

extern int	sc_query_keys_tagged(const sc_name_prep *q, const sc_dict *dict, sc_tagged_key *keys, int max,
								 sc_query_cover *cover);
extern bool sc_query_covered(const sc_query_cover *cover, const uint32_t *masks);
extern uint32_t sc_query_essential(const sc_query_cover *cover, int v);

/* Members of an equivalence class, for query expansion: calls fn(token, len, arg) for each. */
extern void sc_dict_class_members(const sc_dict *d, int eqclass,
								  void (*fn) (const char *tok, size_t len, void *arg), void *arg);

/* Convenience: prepare both and score, with dict (NULL = built-in). */
extern sc_status sc_name_score(const char *q, size_t qlen, const char *c, size_t clen,
							   const sc_dict *dict, double *score);

#endif							/* SC_SCORE_H */
