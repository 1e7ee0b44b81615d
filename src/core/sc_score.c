/*
 * sc_score.c - the name score: how likely a passenger name and a listed name are one person's.
 *
 * name_score(query, candidate) is a number in [0, 1] that an analyst can sort
 * a review queue by.  It is 1 only when the two canonical forms are identical,
 * and it never saturates below that: every difference (a typo, a spelling
 * variant, a reordering, a missing middle name) costs something, so closer
 * names always score higher.
 *
 * 1. Both names are normalized and expanded into their variants (other
 *    romanization schemes, diacritics expanded, Han and Hangul layouts) by
 *    the normalization layer.  Spelling families are compared token by token
 *    below rather than as variants, so a variant pair is cheap to score.  A
 *    pair of variants that are not both canonical costs 1 % (a Cyrillic
 *    listed name matched through its BGN spelling scores a little below the
 *    same name matched in its canonical ICAO spelling).
 *
 * 2. Token similarity, best evidence first:
 *      exact                                   1.00
 *      same spelling family (MOHAMED/MUHAMMAD)  0.97
 *      equivalent name (WILLIAM/BILL, YUSUF/JOSEPH)
 *                                               0.90
 *      initial against a name (J/JOHN)          0.72
 *      a typo: at most two edits (Levenshtein) and at most 40 % of the
 *        length in the confusion costs of sc_metrics.c (doubled letters,
 *        KH/H, C/K, OCR digits are cheap): 1 - cost / length; or
 *        Jaro-Winkler minus 0.05 when it is 0.90 or more (transpositions);
 *      equal consonant skeletons (sc_skeleton.c)  at least 0.86, and equal
 *        Double Metaphone codes at least 0.84 (tokens of 3 letters or more,
 *        codes of 3 letters or more): these bridge vowel-less scripts and
 *        transliteration noise.
 *    Tokens of one or two letters match only exactly, as a family member or
 *    as an initial: edit distance says nothing at that length.  Phonetic
 *    codes of one or two letters are not compared: KAO and KAWA both reduce
 *    to K, and JN is JOHN, JANE, JUNE and JENEE, so a rule on them matched
 *    strangers (and gave the index keys shared by a tenth of a list).  Two
 *    tokens the dictionary knows as different names (each in its own
 *    spelling family or equivalence class: OLGA and OLEG, SALAH and SALIH)
 *    count as similar at most 0.6, whatever their letters or sounds.
 *
 * 3. Alignment.  Candidate pairings are every token pair with similarity
 *    0.5 or more, and joined tokens: up to three adjacent tokens of either
 *    name against one token of the other (ABDUL RAHMAN / ABDULRAHMAN,
 *    AL QAIDA / ALQAIDA, VAN DER BERG / VANDERBERG), at 0.99 when the join
 *    is exact.  Pairings are chosen greedily, best similarity first (then
 *    heavier weight), no token used twice: order does not matter
 *    (surname-first names align), and an exact pair is never given up for
 *    a looser join that covers more tokens.
 *
 * 4. Score.  Each token has a weight: its rarity (sc_dict.c; MUHAMMAD weighs
 *    0.3, a rare surname 1), 0.15 for particles that can come and go (AL,
 *    BIN, VAN), 0.5 for those that are part of the name they precede (ABDUL
 *    JAN is not JAN, ABU BAKR is not BAKR), 0.5 for initials, low weights
 *    for legal forms.  With W(p) the summed weights of
 *    both sides of a pairing p,
 *
 *        score = sum_p sim(p) W(p) /
 *                (sum_p W(p) + 2 x 1.0 x unmatched query weight
 *                            + 2 x 0.3 x unmatched candidate weight)
 *
 *    A token of the passenger that the listed name lacks costs more than a
 *    listed token the passenger lacks.  That asymmetry is deliberate: lists
 *    record every known part of a name (patronymics, nasab chains, second
 *    surnames, aliases), while passports, MRZ lines and reservations drop
 *    middle names and truncate, so a missing listed token is expected; a
 *    passenger name part the listed person is not known by is evidence of a
 *    different person.  The score is therefore symmetric only when every
 *    unmatched token faces one on the other side (the conflicting names
 *    below, where both sides pay the passenger's rate) or there are none;
 *    name_score(a, b) and name_score(b, a) can differ, and the operators
 *    come in commutator pairs.
 *
 *    Conflicting names (score version 7).  The cheap rate is for a listed
 *    token that is missing from the passenger's name, not for one the
 *    passenger contradicts: when the passenger has an unmatched name in the
 *    same place (between the same two aligned pairs, or at the same end:
 *    QASIM MIR ABDUL KHUDAI against QASIM MIR WALI KHUDAI, SERGEY IVANOVICH
 *    LAVROV against SERGEY VIKTOROVICH LAVROV), the listed token facing it
 *    is charged at the passenger's rate, one per passenger token, heaviest
 *    first.  Only names and the particles that belong to them (ABDUL, ABU)
 *    conflict; AL, BEN, DE come and go, and initials, numbers and legal
 *    forms have their own rules.  Measured: persons F1 0.894 -> 0.902 (the
 *    one pair it flips is QASIM's, labelled two people), 80 labelled
 *    non-matches 0.04-0.14 lower (three true pairs too, all already
 *    missed), no change in UN or transliteration recall.  It only lowers
 *    scores, so the index keys (SC_KEY_VERSION) stay as they were.
 *
 *    Then: a reordering costs 0.5 % per inverted pair (at most four), but a
 *    name that crosses BIN/IBN in a nasab chain (ABDULLAH BIN OMAR against
 *    OMAR BIN ABDULLAH: son and father swapped) costs 25 %; two names that
 *    both carry a legal form and share none (AG / GMBH) lose 20 %.
 *
 * 5. Anchoring.  A score above 0.49 needs an anchor: a pairing that is
 *    substantive (not an initial, a lone particle or a legal form), that the
 *    index can see, and that holds at least half the weight of the
 *    passenger's heaviest name token.  The index sees exact tokens, spelling
 *    families, equivalence classes, equal skeletons and Double Metaphone
 *    codes, typos of one edit between tokens of four letters or more, typos
 *    of two edits between tokens of six letters or more that agree on their
 *    first four (surnames drift at the end: MERKEL / MERKUR, SECHIN /
 *    SECHEV), and joins that are exact or have equal skeletons of four
 *    letters or more (sc_keys.c makes those keys).  This is the change of definition that lets nameidx be exact:
 *    every pair scoring 0.5 or more shares a key, and the anchor must be on
 *    a distinctive part of the passenger's name, so the index never has to
 *    walk the postings of MUHAMMAD when the passenger is MUHAMMAD ZARKARI.
 *    Measured on the labelled sets it costs nothing on the UN list and one
 *    labelled person pair (MOHAMMED BIN SULTAN / MOHAMMED BIN SALMAN).
 *
 *    Coverage.  A score above 0.79 needs more: the visible pairings must
 *    cover at least 60 % of the weight of the passenger's heavy tokens (those
 *    holding half the heaviest one's weight, the ones the index looks up).
 *    A strong match agrees, in ways the index sees, on most of the
 *    distinctive part of the name; a pair that does not lands at 0.79, just
 *    under the default threshold, where a high-recall profile still finds
 *    it.  This second change is for speed: at thresholds of 0.8 or more the
 *    index keeps only rows whose shared keys cover that much, and a search
 *    for IRENE PARISI no longer rechecks every IRENE of the list.  Measured
 *    on the labelled name pairs at 0.8 it cost four true pairs whose
 *    surname differs by two edits (MERKUR / MERKEL, MICHEL / MICHELLE) and
 *    rejected two false ones; on a 100,000-name synthetic list it cut the
 *    rows to recheck from 376 to 47 per passenger (median 176 to 2).  The
 *    two-edit prefix keys (version 4) won three of the four back, and one
 *    false pair (SANCHO / SANCHEZ), for 4 % more index and about 20 % more
 *    join time on 1 M names.
 *
 * The score of two names is the best over their variant pairs.  Empty names
 * score 0 against everything.
 *
 * Speed: a prepared name (variants, tokens, skeletons, Double Metaphone,
 * families, classes, weights) is computed once; the SQL layer caches the
 * constant side of an operator in fn_extra.  Scoring two prepared ASCII
 * names of 2-4 tokens is one variant pair and a few dozen token
 * comparisons, each a byte comparison or a bounded edit distance.
 */
#include <stdlib.h>
#include <string.h>

#include "sc_internal.h"
#include "sc_metaphone.h"
#include "sc_metrics.h"
#include "sc_score.h"

#define SIM_EXACT		1.00f
#define SIM_JOINED		0.99f
#define SIM_VARIANT		0.97f
#define SIM_EQUIVALENT	0.90f
#define SIM_SKELETON	0.86f
#define SIM_METAPHONE	0.84f
#define SIM_INITIAL		0.72f
#define MIN_PAIR_SIM	0.50f
#define SIM_DISTINCT_NAMES 0.60f
#define MAX_EDIT_SHARE	0.40	/* at most 40 % of a token edited */
#define MAX_TYPO_EDITS	2

#define UNMATCHED_QUERY		1.0f
#define UNMATCHED_CANDIDATE	0.3f
#define VARIANT_COST		0.99f
#define INVERSION_COST		0.005f
#define LEGAL_CONFLICT		0.80f
#define NASAB_SWAP			0.75f
#define BELOW_IDENTICAL		0.999f

#define WEIGHT_PARTICLE	0.15f
#define WEIGHT_BOUND_PARTICLE 0.50f
#define WEIGHT_INITIAL	0.50f
#define WEIGHT_NUMBER	0.60f
#define WEIGHT_LEGAL	0.20f
#define WEIGHT_GENERIC	0.35f

#define MAX_PAIRS		(SC_SCORE_MAX_TOKENS * SC_SCORE_MAX_TOKENS * 3)

const char *
sc_match_kind_name(sc_match_kind kind)
{
	switch (kind)
	{
		case SC_MATCH_NONE:
			return "unmatched";
		case SC_MATCH_EXACT:
			return "exact";
		case SC_MATCH_VARIANT:
			return "variant";
		case SC_MATCH_EQUIVALENT:
			return "equivalence";
		case SC_MATCH_INITIAL:
			return "initial";
		case SC_MATCH_PHONETIC:
			return "phonetic";
		case SC_MATCH_TYPO:
			return "typo";
		case SC_MATCH_JOINED:
			return "joined";
	}
	return "unmatched";
}

/* ---- preparation ---- */

/*
 * A memo of token features.  A token's features (kind, weight, family,
 * class, skeleton, Double Metaphone) depend only on its letters and the
 * dictionary, and a list repeats its tokens: the same few thousand surnames
 * and given names make up most of a million names.  Looking them up again
 * (four or five hash probes into a dictionary of several hundred thousand
 * entries, each likely a cache miss) and recomputing the phonetic codes was
 * 41 % of preparing a Latin name in a profile; the memo made Latin names of
 * the benchmark list prepare 14 % faster, and letting plain tokens skip the
 * dictionary a little more (README, *What is slow and why*).  Direct-mapped,
 * keyed by the dictionary's serial number and the token's bytes, so a
 * changed or other dictionary never reads an entry made with another; a
 * collision replaces the entry.  Allocated on first use; without memory
 * there is no memo, and the features are computed as before.
 */
#define TOKEN_MEMO_SLOTS 16384	/* a power of two; 1.7 MB */
#define TOKEN_MEMO_KEY 24

typedef struct token_memo
{
	uint64_t	serial;			/* of the dictionary; 0: empty */
	uint8_t		keylen;
	bool		plain;			/* neither a legal form nor the start of a legal phrase */
	char		key[TOKEN_MEMO_KEY];
	sc_score_token features;	/* text is not kept: it points into the caller's name */
} token_memo;

static token_memo *token_memos = NULL;
static bool token_memos_failed = false;

static token_memo *
token_memo_slot(const char *s, size_t len)
{
	if (len > TOKEN_MEMO_KEY)
		return NULL;
	if (token_memos == NULL)
	{
		if (token_memos_failed)
			return NULL;
		token_memos = calloc(TOKEN_MEMO_SLOTS, sizeof(token_memo));
		if (token_memos == NULL)
		{
			token_memos_failed = true;
			return NULL;
		}
	}
	return &token_memos[sc_hash32(2166136261u, s, len) & (TOKEN_MEMO_SLOTS - 1)];
}

/*
 * The memo's features for a plain token (no legal form, no legal phrase to
 * look for) in slot m: copied into t, without the dictionary.  Other tokens
 * are rare and take the dictionary's path every time.
 */
static bool
token_from_memo(const token_memo *m, const sc_dict *dict, const char *s, size_t len,
				sc_score_token *t)
{
	if (m == NULL || !m->plain || m->serial != sc_dict_serial(dict) || m->keylen != len ||
		memcmp(m->key, s, len) != 0)
		return false;
	memcpy(t, &m->features, sizeof(*t));
	t->text = s;
	return true;
}

/* Remember t, the features of a token that is no legal form, in slot m. */
static void
token_to_memo(token_memo *m, const sc_dict *dict, const char *s, size_t len,
			  const sc_score_token *t)
{
	if (m == NULL)
		return;
	m->serial = sc_dict_serial(dict);
	m->plain = !sc_dict_phrase_start(dict, s, len);
	m->keylen = (uint8_t) len;
	memcpy(m->key, s, len);
	memcpy(&m->features, t, sizeof(*t));
	m->features.text = NULL;
}

static void
prepare_token(const sc_dict *dict, const char *s, size_t len, sc_score_token *t, int legal,
			  const char *legal_text)
{
	bool		digits = true;
	size_t		i;

	/*
	 * Every byte defined (padding, the tails of the code arrays): a token
	 * from the memo must pack to the same bytes as one computed afresh.
	 */
	memset(t, 0, sizeof(*t));
	t->len = (uint8_t) (len > 255 ? 255 : len);
	t->legal = (uint8_t) legal;
	t->filial = false;
	t->family = 0;
	t->eqclass = 0;
	t->skeleton[0] = '\0';
	t->metaphone[0] = t->metaphone_alt[0] = '\0';
	t->text = legal_text ? legal_text : s;
	for (i = 0; i < t->len; i++)
		if (s[i] < '0' || s[i] > '9')
			digits = false;
	if (legal)
	{
		t->kind = SC_TOKEN_LEGAL;
		t->weight = legal == 1 ? WEIGHT_LEGAL : WEIGHT_GENERIC;
		return;
	}
	if (digits)
	{
		t->kind = SC_TOKEN_NUMBER;
		t->weight = WEIGHT_NUMBER;
		return;
	}
	if (t->len == 1)
	{
		t->kind = SC_TOKEN_INITIAL;
		t->weight = WEIGHT_INITIAL;
		return;
	}
	t->family = sc_nameform_family(s, t->len);
	t->eqclass = sc_dict_class(dict, s, t->len);
	if (sc_is_particle(s, t->len))
	{
		t->kind = SC_TOKEN_PARTICLE;
		t->weight = sc_is_bound_particle(s, t->len) ? WEIGHT_BOUND_PARTICLE : WEIGHT_PARTICLE;
		t->filial = sc_is_filial(s, t->len);
	}
	else if (sc_is_edge_title(s, t->len))
	{
		/*
		 * A title the normalizer strips only at a name's edges (SAYYID,
		 * MAWLAWI) survives inside one: HAQQANI KHAN SAYYID, EZATULLAH keeps
		 * the SAYYID that EZATULLAH HAQQANI KHAN SAYYID loses.  It weighs
		 * like a particle, so that where it stands does not decide a match.
		 */
		t->kind = SC_TOKEN_PARTICLE;
		t->weight = WEIGHT_PARTICLE;
	}
	else
	{
		t->kind = SC_TOKEN_NAME;
		t->weight = (float) sc_dict_weight(dict, s, t->len);
	}
	{
		/* a skeleton longer than the field is cut: it is a key, and long keys are rare */
		char		skel[2 * 255 + 1];
		size_t		n = sc_token_skeleton(s, t->len, skel);

		if (n >= sizeof(t->skeleton))
			n = sizeof(t->skeleton) - 1;
		memcpy(t->skeleton, skel, n);
		t->skeleton[n] = '\0';
	}
	if (t->len >= 3)
		sc_double_metaphone(s, t->len, 4, t->metaphone, t->metaphone_alt);
}

static void
prepare_variant(const sc_dict *dict, const char *text, size_t textlen, sc_score_variant *v,
				int *extra)
{
	const char *toks[SC_SCORE_MAX_TOKENS + 4];
	size_t		lens[SC_SCORE_MAX_TOKENS + 4] = {0};
	int			n = 0;
	size_t		i = 0;
	int			k;

	v->text = text;
	v->ntokens = 0;
	v->total_weight = 0;
	*extra = 0;
	while (i < textlen)
	{
		size_t		start;

		while (i < textlen && text[i] == ' ')
			i++;
		if (i >= textlen)
			break;
		start = i;
		while (i < textlen && text[i] != ' ')
			i++;
		if (n < SC_SCORE_MAX_TOKENS + 4)
		{
			toks[n] = text + start;
			lens[n] = i - start;
			n++;
		}
		else
			(*extra)++;
	}
	/*
	 * Single letters at the end of a name that spell a legal form (O.O.O.,
	 * S.A.R.L., L.L.C.) are that form.  Only at the end: at the start they are
	 * a person's initials (S A RAHMAN).
	 */
	{
		int			first = n;
		char		joined[16] = {0};
		const char *canonical = NULL;

		while (first > 0 && lens[first - 1] == 1 && n - first < (int) sizeof(joined) - 1)
			first--;
		if (n - first >= 2 && first > 0)
		{
			size_t		jl = 0;

			for (k = first; k < n; k++)
				joined[jl++] = toks[k][0];
			if (sc_dict_legal(dict, joined, jl, &canonical) != 0)
			{
				/* point the last token at the legal form; drop the letters before it */
				toks[first] = canonical;
				lens[first] = strlen(canonical);
				n = first + 1;
			}
		}
	}
	for (k = 0; k < n;)
	{
		const char *canonical = NULL;
		int			span;
		sc_score_token *t;
		token_memo *memo;

		if (v->ntokens == SC_SCORE_MAX_TOKENS)
		{
			*extra += n - k;
			break;
		}
		t = &v->tokens[v->ntokens];
		memo = token_memo_slot(toks[k], lens[k]);
		if (token_from_memo(memo, dict, toks[k], lens[k], t))
		{
			k++;
			v->total_weight += t->weight;
			v->ntokens++;
			continue;
		}
		span = sc_dict_phrase(dict, toks + k, lens + k, n - k, &canonical);
		if (span > 0)
		{
			/* LIMITED LIABILITY COMPANY -> LLC: one legal token */
			prepare_token(dict, canonical, strlen(canonical), t, 1, canonical);
			k += span;
		}
		else
		{
			int			legal = sc_dict_legal(dict, toks[k], lens[k], &canonical);

			prepare_token(dict, toks[k], lens[k], t, legal, legal ? canonical : NULL);
			if (legal)
				t->len = (uint8_t) strlen(canonical);
			else
				token_to_memo(memo, dict, toks[k], lens[k], t);
			k++;
		}
		v->total_weight += t->weight;
		v->ntokens++;
	}
}

sc_status
sc_name_prepare(const char *in, size_t len, const sc_dict *dict, sc_name_prep *out)
{
	sc_status	st;
	int			i;

	if (dict == NULL)
		dict = sc_dict_builtin();
	out->nvariants = 0;
	out->extra_tokens = 0;
	if (dict == NULL)
	{
		sc_set_error("out of memory building the scoring dictionary");
		return SC_ERR_INTERNAL;
	}
	st = sc_variants_internal(in, len, false, &out->text);
	if (st != SC_OK)
		return st;
	for (i = 0; i < out->text.n && i < SC_SCORE_MAX_VARIANTS; i++)
	{
		int			extra;

		prepare_variant(dict, out->text.v[i], out->text.len[i], &out->variants[i], &extra);
		out->variants[i].canonical = (i == 0);
		if (i == 0)
			out->extra_tokens = extra;
	}
	out->nvariants = i;
	return SC_OK;
}

/* ---- token similarity ---- */

typedef struct token_sim
{
	float		sim;
	float		edits;
	uint8_t		kind;
	bool		visible;		/* the index's keys can see this pairing */
} token_sim;

static int
to_cps(const char *s, size_t len, int32_t *out, int cap)
{
	int			n = 0;
	size_t		i;

	for (i = 0; i < len && n < cap; i++)
		out[n++] = (unsigned char) s[i];
	return n;
}

/*
 * Letters two strings have in common, counted with multiplicity.  A cheap
 * gate before the edit distance: a spelling variant or typo keeps most of
 * its letters, and a pair sharing fewer than half of the longer one's
 * letters cannot come within 40 % edits except through the cheap
 * confusions, which the skeleton and Double Metaphone checks still catch.
 */
static size_t
common_letters(const char *a, size_t alen, const char *b, size_t blen)
{
	uint8_t		count[64];
	size_t		i,
				common = 0;

	memset(count, 0, sizeof(count));
	for (i = 0; i < alen; i++)
		count[(unsigned char) a[i] & 63]++;
	for (i = 0; i < blen; i++)
	{
		unsigned char k = (unsigned char) b[i] & 63;

		if (count[k] > 0)
		{
			count[k]--;
			common++;
		}
	}
	return common;
}

/* Similarity of two strings by spelling alone (used for tokens and joined tokens). */
static token_sim
spelling_sim(const char *a, size_t alen, const char *b, size_t blen)
{
	token_sim	r = {0.0f, 0.0f, SC_MATCH_NONE, false};
	int32_t		ca[SC_METRIC_STACK_CPS],
				cb[SC_METRIC_STACK_CPS];
	int			na,
				nb;
	size_t		longer = alen > blen ? alen : blen;
	double		maxcost = MAX_EDIT_SHARE * (double) longer;
	double		wd;
	double		ed = 0.0;
	double		jw = 0.0;
	size_t		common;

	if (alen <= 2 || blen <= 2 || longer > SC_METRIC_STACK_CPS)
		return r;
	/* two edits change the length by two at most */
	if (alen > blen + MAX_TYPO_EDITS || blen > alen + MAX_TYPO_EDITS)
		return r;
	common = common_letters(a, alen, b, blen);
	/* and keep all but two of the longer string's letters (as pair_possible tests) */
	if (2 * common < longer || common + MAX_TYPO_EDITS < longer)
		return r;
	na = to_cps(a, alen, ca, SC_METRIC_STACK_CPS);
	nb = to_cps(b, blen, cb, SC_METRIC_STACK_CPS);
	/*
	 * A typo is at most two edits (Levenshtein, a transposition being two):
	 * past that, letters shared by two tokens are a coincidence of names,
	 * not a slip of the keyboard (MORALES / MORILLO).  One edit between
	 * tokens of four letters or more is what the index's deletion keys see.
	 */
	{
		int			lev = sc_levenshtein(ca, na, cb, nb);

		if (lev < 0 || lev > MAX_TYPO_EDITS)
			return r;
		if (lev <= 1 && alen >= SC_VISIBLE_TYPO_MIN_LEN && blen >= SC_VISIBLE_TYPO_MIN_LEN)
			r.visible = true;
		/* two edits, seen by the prefix keys (sc_keys.c) */
		if (alen >= SC_VISIBLE_PREFIX_MIN_LEN && blen >= SC_VISIBLE_PREFIX_MIN_LEN &&
			memcmp(a, b, SC_VISIBLE_PREFIX) == 0)
			r.visible = true;
	}
	wd = sc_weighted_distance(ca, na, cb, nb, maxcost);
	if (wd >= 0.0 && wd <= maxcost)
		ed = 1.0 - wd / (double) longer;
	/* Jaro-Winkler can only add something for long tokens with nearly all letters shared */
	if (ed < 0.90 && longer >= 5 && 10 * common >= 8 * longer)
	{
		jw = sc_jaro_winkler(ca, na, cb, nb);
		jw = jw >= 0.90 ? jw - 0.05 : 0.0;
	}
	if (ed >= jw)
	{
		r.sim = (float) ed;
		r.edits = (float) wd;
	}
	else
		r.sim = (float) jw;
	if (r.sim > 0.0f)
		r.kind = SC_MATCH_TYPO;
	return r;
}

/*
 * Two phonetic codes agree, as the index keys them: both at least
 * SC_MIN_PHONETIC_KEY long (a code of one or two letters, K or JN, is shared
 * by too many names to say anything) and equal.
 */
#if SC_MIN_PHONETIC_KEY != 3
#error "phonetic_code_equal compares the first SC_MIN_PHONETIC_KEY letters inline"
#endif
static bool
phonetic_code_equal(const char *a, const char *b)
{
	/*
	 * The first three letters inline (most codes differ there), each checked
	 * for the end of a first: nothing past a code's terminator is read, it
	 * may be uninitialized.
	 */
	return a[0] != '\0' && a[0] == b[0] && a[1] != '\0' && a[1] == b[1] &&
		a[2] != '\0' && a[2] == b[2] && strcmp(a + 3, b + 3) == 0;
}

static token_sim
token_similarity(const sc_score_token *a, const sc_score_token *b)
{
	token_sim	r = {0.0f, 0.0f, SC_MATCH_NONE, false};

	if (a->len == b->len && memcmp(a->text, b->text, a->len) == 0)
	{
		r.sim = SIM_EXACT;
		r.kind = SC_MATCH_EXACT;
		r.visible = true;
		return r;
	}
	if (a->kind == SC_TOKEN_NUMBER || b->kind == SC_TOKEN_NUMBER)
		return r;				/* numbers match only exactly */
	if (a->kind == SC_TOKEN_LEGAL || b->kind == SC_TOKEN_LEGAL)
		return r;				/* legal forms too, once folded */
	if (a->kind == SC_TOKEN_INITIAL || b->kind == SC_TOKEN_INITIAL)
	{
		if (a->text[0] == b->text[0] && a->kind != b->kind)
		{
			r.sim = SIM_INITIAL;
			r.kind = SC_MATCH_INITIAL;
		}
		return r;
	}
	if (a->family != 0 && a->family == b->family)
	{
		r.sim = SIM_VARIANT;
		r.kind = SC_MATCH_VARIANT;
		r.visible = true;
		return r;
	}
	if (a->eqclass != 0 && a->eqclass == b->eqclass)
	{
		r.sim = SIM_EQUIVALENT;
		r.kind = SC_MATCH_EQUIVALENT;
		r.visible = true;
		return r;
	}
	r = spelling_sim(a->text, a->len, b->text, b->len);
	/*
	 * Two names the dictionary knows as different names (OLGA and OLEG, MARIA
	 * and MARIO: each with its own family or class) are not one name
	 * misspelled, however close their letters.
	 */
	if ((a->eqclass && b->eqclass) || (a->family && b->family))
	{
		if (r.sim > SIM_DISTINCT_NAMES)
			r.sim = SIM_DISTINCT_NAMES;
		return r;
	}
	/* a phonetic key of one letter (KAO and KAWA are both K) says nothing */
	if (a->len >= 3 && b->len >= 3 && phonetic_code_equal(a->skeleton, b->skeleton))
	{
		r.visible = true;
		if (r.sim < SIM_SKELETON)
		{
			r.sim = SIM_SKELETON;
			r.kind = SC_MATCH_PHONETIC;
		}
	}
	if (a->len >= 3 && b->len >= 3 &&
		(phonetic_code_equal(a->metaphone, b->metaphone) ||
		 phonetic_code_equal(a->metaphone_alt, b->metaphone) ||
		 phonetic_code_equal(a->metaphone, b->metaphone_alt) ||
		 phonetic_code_equal(a->metaphone_alt, b->metaphone_alt)))
	{
		r.visible = true;
		if (r.sim < SIM_METAPHONE)
		{
			r.sim = SIM_METAPHONE;
			r.kind = SC_MATCH_PHONETIC;
		}
	}
	return r;
}

/* ---- alignment ---- */

typedef struct pairing
{
	uint8_t		qi,
				qn,
				ci,
				cn;
	uint8_t		kind;
	bool		visible;
	float		sim;
	float		edits;
	float		weight;
	float		value;
} pairing;

static int
compare_pairing(const void *x, const void *y)
{
	const pairing *a = x;
	const pairing *b = y;

	/*
	 * Best evidence first, then the heavier pairing: an exact pair must not
	 * lose its tokens to a looser join that merely covers more weight.
	 */
	if (a->sim != b->sim)
		return a->sim < b->sim ? 1 : -1;
	if (a->value != b->value)
		return a->value < b->value ? 1 : -1;
	/* deterministic ties: earlier tokens first */
	if (a->qi != b->qi)
		return a->qi - b->qi;
	return a->ci - b->ci;
}

static float
range_weight(const sc_score_variant *v, int first, int count)
{
	float		w = 0;
	int			i;

	for (i = first; i < first + count; i++)
		w += v->tokens[i].weight;
	return w;
}

/* Join tokens first..first+count-1 of v into buf; returns the length or 0. */
static size_t
join_tokens(const sc_score_variant *v, int first, int count, char *buf, size_t cap)
{
	size_t		n = 0;
	int			i;

	for (i = first; i < first + count; i++)
	{
		const sc_score_token *t = &v->tokens[i];

		if (t->kind == SC_TOKEN_LEGAL || t->kind == SC_TOKEN_NUMBER || n + t->len >= cap)
			return 0;
		memcpy(buf + n, t->text, t->len);
		n += t->len;
	}
	return n;
}

static void
add_joined(const sc_score_variant *many, int first, int count, const sc_score_variant *one, int j,
		   bool many_is_query, pairing *pairs, int *npairs)
{
	char		buf[256];
	size_t		n = join_tokens(many, first, count, buf, sizeof(buf));
	const sc_score_token *t = &one->tokens[j];
	token_sim	s;
	pairing    *p;

	/* a join keeps its first letter (ABDUL RAHMAN / ABDULRAHMAN): try no other */
	if (n == 0 || t->kind == SC_TOKEN_LEGAL || t->kind == SC_TOKEN_NUMBER ||
		buf[0] != t->text[0] ||
		(size_t) t->len + 3 < n || n + 3 < (size_t) t->len || *npairs >= MAX_PAIRS)
		return;
	if (n == t->len && memcmp(buf, t->text, n) == 0)
	{
		s.sim = SIM_JOINED;
		s.edits = 0;
		s.visible = true;
	}
	else
	{
		char		skel[2 * 256 + 1];

		size_t		sl;

		s = spelling_sim(buf, n, t->text, t->len);
		s.sim *= SIM_JOINED;
		if (s.sim < MIN_PAIR_SIM)
			return;
		/* compared as stored: cut to the token skeleton's length, as sc_keys.c keys it */
		sl = sc_token_skeleton(buf, n, skel);
		if (sl >= sizeof(t->skeleton))
			skel[sizeof(t->skeleton) - 1] = '\0';
		s.visible = strlen(skel) >= SC_MIN_JOIN_SKELETON && phonetic_code_equal(skel, t->skeleton);
	}
	if (s.sim < MIN_PAIR_SIM)
		return;
	p = &pairs[(*npairs)++];
	if (many_is_query)
	{
		p->qi = (uint8_t) first;
		p->qn = (uint8_t) count;
		p->ci = (uint8_t) j;
		p->cn = 1;
	}
	else
	{
		p->qi = (uint8_t) j;
		p->qn = 1;
		p->ci = (uint8_t) first;
		p->cn = (uint8_t) count;
	}
	p->kind = SC_MATCH_JOINED;
	p->visible = s.visible;
	p->sim = s.sim;
	p->edits = s.edits;
}

/*
 * Can this token contradict another?  Names and the particles that are part
 * of a name (ABDUL, ABU), not the ones that come and go (AL, BEN, DE: the
 * same name is written with and without them), initials, numbers or legal
 * forms.
 */
static bool
conflict_token(const sc_score_token *t)
{
	return t->kind == SC_TOKEN_NAME ||
		(t->kind == SC_TOKEN_PARTICLE && sc_is_bound_particle(t->text, t->len));
}

/*
 * The slot of each unmatched token of one side that can conflict: the
 * selected pairings just before and just after it in that side's order
 * (0 at an end, else the selection number + 1), as prev * SLOT_BASE + next.
 * Returns the mask of those tokens; slot[] is set for them only.  One sweep
 * each way over the tokens, by which selected pairing owns each one.  Every
 * pairing uses a token of each side, so there are at most
 * SC_SCORE_MAX_TOKENS of them.
 */
#define SLOT_BASE (SC_SCORE_MAX_TOKENS + 1)

static uint32_t
token_slots(const sc_score_variant *v, const pairing *pairs, const int *selected, int nsel,
			bool query_side, uint32_t used, int *slot)
{
	int			owner[SC_SCORE_MAX_TOKENS];
	uint32_t	open = 0;
	int			i,
				s,
				last = 0;

	for (i = 0; i < v->ntokens; i++)
		owner[i] = 0;
	for (s = 0; s < nsel; s++)
	{
		const pairing *p = &pairs[selected[s]];
		int			first = query_side ? p->qi : p->ci;
		int			count = query_side ? p->qn : p->cn;

		for (i = first; i < first + count; i++)
			owner[i] = s + 1;
	}
	for (i = 0; i < v->ntokens; i++)
	{
		if (owner[i])
			last = owner[i];
		else if (!(used & (1u << i)) && conflict_token(&v->tokens[i]))
		{
			slot[i] = last * SLOT_BASE;
			open |= 1u << i;
		}
	}
	last = 0;
	for (i = v->ntokens - 1; i >= 0; i--)
	{
		if (owner[i])
			last = owner[i];
		else if (open & (1u << i))
			slot[i] += last;
	}
	return open;
}

/*
 * Conflicting names.  An unmatched listed token is cheap because lists
 * record name parts that passports drop; but when the passenger has an
 * unmatched name of their own in the same place (between the same two
 * aligned pairs, or at the same end: QASIM MIR ABDUL KHUDAI against QASIM MIR
 * WALI KHUDAI), the listed token is not missing, it is contradicted.  Up to
 * as many listed tokens as the passenger has there, heaviest first, are
 * charged at the passenger's rate.  Returns the extra denominator.
 */
static double
conflict_charge(const sc_score_variant *q, const sc_score_variant *c, const pairing *pairs,
				const int *selected, int nsel, uint32_t qused, uint32_t cused)
{
	int			qslot[SC_SCORE_MAX_TOKENS],
				cslot[SC_SCORE_MAX_TOKENS];
	uint32_t	qopen,
				copen;
	double		extra = 0.0;
	int			i,
				j;

	if ((qused | (q->ntokens >= 32 ? 0u : ~0u << q->ntokens)) == ~0u ||
		(cused | (c->ntokens >= 32 ? 0u : ~0u << c->ntokens)) == ~0u)
		return 0.0;				/* one side has every token matched */
	qopen = token_slots(q, pairs, selected, nsel, true, qused, qslot);
	if (qopen == 0)
		return 0.0;
	copen = token_slots(c, pairs, selected, nsel, false, cused, cslot);
	for (i = 0; i < q->ntokens && copen != 0; i++)
	{
		int			best = -1;

		if (!(qopen & (1u << i)))
			continue;
		/* this passenger token contradicts the heaviest uncharged listed token of its slot */
		for (j = 0; j < c->ntokens; j++)
			if ((copen & (1u << j)) && cslot[j] == qslot[i] &&
				(best < 0 || c->tokens[j].weight > c->tokens[best].weight))
				best = j;
		if (best >= 0)
		{
			copen &= ~(1u << best);
			extra += 2.0 * (UNMATCHED_QUERY - UNMATCHED_CANDIDATE) * c->tokens[best].weight;
		}
	}
	return extra;
}

/*
 * Do the query tokens in covered (visibly paired) hold SC_COVERAGE_SHARE of
 * the heavy query weight?  A repeated token counts once, covered if any of
 * its occurrences is.  One function for the scorer and for variant_bound, so
 * that the bound sums exactly as the scorer does (float, in token order).
 */
static bool
coverage_met(const sc_score_variant *q, uint32_t covered, float qmax)
{
	float		heavy_total = 0,
				heavy_covered = 0;
	uint32_t	covered_first = 0;
	int			i;

	for (i = 0; i < q->ntokens; i++)
		if (covered & (1u << i))
			covered_first |= 1u << sc_token_first(q, i);
	for (i = 0; i < q->ntokens; i++)
	{
		if (!sc_query_heavy(&q->tokens[i], qmax) || sc_token_first(q, i) != i)
			continue;
		heavy_total += q->tokens[i].weight;
		if (covered_first & (1u << i))
			heavy_covered += q->tokens[i].weight;
	}
	return heavy_covered >= SC_COVERAGE_SHARE * heavy_total;
}

static double
score_variants(const sc_score_variant *q, const sc_score_variant *c, int extra_tokens,
			   sc_score_detail *detail)
{
	static pairing pairs[MAX_PAIRS];
	int			npairs = 0;
	uint32_t	qused = 0,
				cused = 0,
				qcovered = 0;
	int			selected[2 * SC_SCORE_MAX_TOKENS];
	int			nsel = 0;
	double		num = 0,
				den = 0;
	int			i,
				j,
				k;
	int			inversions = 0;
	bool		substantive = false;
	bool		anchored = false;
	float		qmax = 0;
	bool		q_legal = false,
				c_legal = false,
				legal_shared = false;
	double		score;

	/*
	 * A pair with no pairing returns early: its detail must still say so
	 * (every token unmatched), not leave the caller's memory as it was.
	 * explain_match read such garbage for a match by document number alone.
	 */
	if (detail != NULL)
	{
		memset(detail, 0, sizeof(*detail));
		detail->q_unmatched = q->ntokens >= 32 ? ~0u : ((1u << q->ntokens) - 1u);
		detail->c_unmatched = c->ntokens >= 32 ? ~0u : ((1u << c->ntokens) - 1u);
	}
	if (q->ntokens == 0 || c->ntokens == 0)
		return 0.0;

	for (i = 0; i < q->ntokens; i++)
		for (j = 0; j < c->ntokens; j++)
		{
			token_sim	s = token_similarity(&q->tokens[i], &c->tokens[j]);

			if (s.sim >= MIN_PAIR_SIM && npairs < MAX_PAIRS)
			{
				pairing    *p = &pairs[npairs++];

				p->qi = (uint8_t) i;
				p->qn = 1;
				p->ci = (uint8_t) j;
				p->cn = 1;
				p->kind = s.kind;
				p->visible = s.visible;
				p->sim = s.sim;
				p->edits = s.edits;
			}
		}
	for (k = 2; k <= SC_MAX_JOIN; k++)
	{
		for (i = 0; i + k <= q->ntokens; i++)
			for (j = 0; j < c->ntokens; j++)
				add_joined(q, i, k, c, j, true, pairs, &npairs);
		for (i = 0; i + k <= c->ntokens; i++)
			for (j = 0; j < q->ntokens; j++)
				add_joined(c, i, k, q, j, false, pairs, &npairs);
	}
	for (k = 0; k < npairs; k++)
	{
		pairs[k].weight = range_weight(q, pairs[k].qi, pairs[k].qn) +
			range_weight(c, pairs[k].ci, pairs[k].cn);
		pairs[k].value = pairs[k].sim * pairs[k].weight;
	}
	qsort(pairs, npairs, sizeof(pairing), compare_pairing);

	for (i = 0; i < q->ntokens; i++)
		if (q->tokens[i].weight > qmax && q->tokens[i].kind == SC_TOKEN_NAME)
			qmax = q->tokens[i].weight;
	for (k = 0; k < npairs && nsel < 2 * SC_SCORE_MAX_TOKENS; k++)
	{
		const pairing *p = &pairs[k];
		uint32_t	qmask = ((p->qn >= 32 ? 0u : (1u << p->qn)) - 1u) << p->qi;
		uint32_t	cmask = ((p->cn >= 32 ? 0u : (1u << p->cn)) - 1u) << p->ci;

		if ((qused & qmask) || (cused & cmask))
			continue;
		qused |= qmask;
		cused |= cmask;
		selected[nsel++] = k;
		num += p->sim * p->weight;
		den += p->weight;
		/*
		 * Substantive: not an initial, and each side that is a single token
		 * is a name or a number (a lone particle, initial or legal form on
		 * either side is no evidence of identity).
		 */
		if (p->kind != SC_MATCH_INITIAL &&
			(p->qn > 1 || sc_anchor_token(&q->tokens[p->qi])) &&
			(p->cn > 1 || sc_anchor_token(&c->tokens[p->ci])))
		{
			substantive = true;
			if (p->visible && range_weight(q, p->qi, p->qn) >= SC_ANCHOR_SHARE * qmax)
				anchored = true;
			if (p->visible)
				qcovered |= qmask;
		}
		if (p->qn == 1 && q->tokens[p->qi].legal == 1)
			legal_shared = true;
	}
	for (i = 0; i < q->ntokens; i++)
	{
		if (q->tokens[i].legal == 1)
			q_legal = true;
		if (!(qused & (1u << i)))
			den += 2.0 * UNMATCHED_QUERY * q->tokens[i].weight;
	}
	for (j = 0; j < c->ntokens; j++)
	{
		if (c->tokens[j].legal == 1)
			c_legal = true;
		if (!(cused & (1u << j)))
			den += 2.0 * UNMATCHED_CANDIDATE * c->tokens[j].weight;
	}
	/* tokens past the scorer's cap count as unmatched query tokens */
	den += 2.0 * UNMATCHED_QUERY * extra_tokens;
	if (den <= 0.0 || nsel == 0)
		return 0.0;
	den += conflict_charge(q, c, pairs, selected, nsel, qused, cused);
	score = num / den;

	for (i = 0; i < nsel; i++)
		for (j = i + 1; j < nsel; j++)
		{
			const pairing *a = &pairs[selected[i]];
			const pairing *b = &pairs[selected[j]];

			if ((a->qi < b->qi) != (a->ci < b->ci))
				inversions++;
		}
	score *= 1.0 - INVERSION_COST * (inversions < 4 ? inversions : 4);

	/*
	 * In a nasab chain (ABDULLAH BIN OMAR) the side of BIN a name stands on
	 * says whose name it is: ABDULLAH BIN OMAR and OMAR BIN ABDULLAH are a
	 * son and his father.  A name that changes sides costs 25 %.  Only a BIN
	 * with a name before it links two names: one in front (BIN LADEN, USAMA
	 * as lists write surname first) starts a family name.
	 */
	{
		int			qf = -1,
					cf = -1;

		for (i = 1; i < q->ntokens && qf < 0; i++)
			if (q->tokens[i].filial)
				qf = i;
		for (j = 1; j < c->ntokens && cf < 0; j++)
			if (c->tokens[j].filial)
				cf = j;
		if (qf >= 0 && cf >= 0)
		{
			for (i = 0; i < nsel; i++)
			{
				const pairing *p = &pairs[selected[i]];

				if (q->tokens[p->qi].kind == SC_TOKEN_PARTICLE)
					continue;
				if ((p->qi < qf) != (p->ci < cf))
				{
					score *= NASAB_SWAP;
					break;
				}
			}
		}
	}
	if ((!substantive || !anchored) && score > SC_UNANCHORED_CAP)
		score = SC_UNANCHORED_CAP;
	/* coverage: the visible pairings must hold most of the heavy query weight */
	if (score > SC_UNCOVERED_CAP && !coverage_met(q, qcovered, qmax))
		score = SC_UNCOVERED_CAP;
	if (q_legal && c_legal && !legal_shared)
		score *= LEGAL_CONFLICT;

	if (detail != NULL)
	{
		detail->nalign = nsel;
		for (i = 0; i < nsel; i++)
		{
			const pairing *p = &pairs[selected[i]];
			sc_alignment *a = &detail->align[i];

			a->q_first = p->qi;
			a->q_count = p->qn;
			a->c_first = p->ci;
			a->c_count = p->cn;
			a->kind = p->kind;
			a->similarity = p->sim;
			a->edits = p->edits;
		}
		detail->q_unmatched = ~qused & (q->ntokens >= 32 ? ~0u : ((1u << q->ntokens) - 1u));
		detail->c_unmatched = ~cused & (c->ntokens >= 32 ? ~0u : ((1u << c->ntokens) - 1u));
		detail->inversions = inversions;
	}
	return score;
}

/* ---- bounds: which variant pairs need no scoring ---- */

static inline float
larger(float a, float b)
{
	return a > b ? a : b;
}

/* The letters of tokens first .. first+count-1, from their masks. */
static inline uint64_t
window_letters(const uint64_t *letters, int first, int count)
{
	uint64_t	m = 0;
	int			i;

	for (i = first; i < first + count; i++)
		m |= letters[i];
	return m;
}

/* The letters of a token, in common_letters' buckets. */
static uint64_t
letter_mask(const sc_score_token *t)
{
	uint64_t	m = 0;
	int			i;

	for (i = 0; i < t->len; i++)
		m |= UINT64_C(1) << ((unsigned char) t->text[i] & 63);
	return m;
}

/*
 * Could token_similarity give a and b a pairing (similarity MIN_PAIR_SIM or
 * more), and could the index see it (*visible)?  Only cheap tests, each
 * implied by what token_similarity and spelling_sim demand, so "no" is
 * certain and "yes" only possible: a typo is at most two edits, which change
 * the length by two and keep all but two of the longer token's letters.
 */
static bool
pair_possible(const sc_score_token *a, const sc_score_token *b, uint64_t amask, uint64_t bmask,
			  bool *visible)
{
	int			longer = a->len > b->len ? a->len : b->len;
	int			common;

	*visible = false;
	if (a->len == b->len && memcmp(a->text, b->text, a->len) == 0)
		return (*visible = true);
	if (a->kind == SC_TOKEN_NUMBER || b->kind == SC_TOKEN_NUMBER ||
		a->kind == SC_TOKEN_LEGAL || b->kind == SC_TOKEN_LEGAL)
		return false;
	if (a->kind == SC_TOKEN_INITIAL || b->kind == SC_TOKEN_INITIAL)
		return a->text[0] == b->text[0] && a->kind != b->kind;
	if ((a->family != 0 && a->family == b->family) || (a->eqclass != 0 && a->eqclass == b->eqclass))
		return (*visible = true);
	if (a->len >= 3 && b->len >= 3 &&
		(phonetic_code_equal(a->skeleton, b->skeleton) ||
		 phonetic_code_equal(a->metaphone, b->metaphone) ||
		 phonetic_code_equal(a->metaphone_alt, b->metaphone) ||
		 phonetic_code_equal(a->metaphone, b->metaphone_alt) ||
		 phonetic_code_equal(a->metaphone_alt, b->metaphone_alt)))
		return (*visible = true);
	if (a->len <= 2 || b->len <= 2 || longer > SC_METRIC_STACK_CPS ||
		a->len > b->len + MAX_TYPO_EDITS || b->len > a->len + MAX_TYPO_EDITS)
		return false;
	/* each letter one token has and the other lacks costs an edit at least */
	if (sc_bit_count64(amask & ~bmask) > MAX_TYPO_EDITS || sc_bit_count64(bmask & ~amask) > MAX_TYPO_EDITS)
		return false;
	common = (int) common_letters(a->text, a->len, b->text, b->len);
	if (2 * common < longer || common + MAX_TYPO_EDITS < longer)
		return false;
	/* one edit between tokens of four letters, or two behind four equal first letters */
	*visible = (a->len >= SC_VISIBLE_TYPO_MIN_LEN && b->len >= SC_VISIBLE_TYPO_MIN_LEN &&
				common + 1 >= longer && a->len <= b->len + 1 && b->len <= a->len + 1) ||
		(a->len >= SC_VISIBLE_PREFIX_MIN_LEN && b->len >= SC_VISIBLE_PREFIX_MIN_LEN &&
		 memcmp(a->text, b->text, SC_VISIBLE_PREFIX) == 0);
	return true;
}

/*
 * Could add_joined pair the window many[first .. first+count-1] (its letters
 * in wletters) with the token t?  Only as an exact join, or through
 * spelling_sim, which allows two edits: the same gates as pair_possible.
 * Whether the index could see it is left open (yes).
 */
static bool
join_possible(const sc_score_variant *many, int first, int count, uint64_t wletters,
			  const sc_score_token *t, uint64_t tletters)
{
	size_t		n = 0;
	int			i;

	if (t->kind == SC_TOKEN_LEGAL || t->kind == SC_TOKEN_NUMBER ||
		many->tokens[first].text[0] != t->text[0])
		return false;
	for (i = first; i < first + count; i++)
	{
		if (many->tokens[i].kind == SC_TOKEN_LEGAL || many->tokens[i].kind == SC_TOKEN_NUMBER)
			return false;
		n += many->tokens[i].len;
	}
	return n < 256 && (size_t) t->len + MAX_TYPO_EDITS >= n && n + MAX_TYPO_EDITS >= (size_t) t->len &&
		sc_bit_count64(wletters & ~tletters) <= MAX_TYPO_EDITS && sc_bit_count64(tletters & ~wletters) <= MAX_TYPO_EDITS;
}

/*
 * An upper bound of score_variants(q, c), from which tokens could pair at
 * all.  A token that cannot pair is unmatched whatever the alignment, and
 * its charge stays in the denominator; every token that could pair is
 * counted as paired at similarity 1, which only raises num / den.  Every
 * later step (conflicts, inversions, nasab, legal forms, caps) only lowers
 * the score.  Where no pairing could be visible the anchoring and coverage
 * caps bound it too, by the scorer's own sums over a superset of the
 * pairings it could count.  A few dozen byte tests against the scorer's
 * edit distances and Jaro-Winkler: most rows the index hands the recheck
 * share one token with the passenger and fail here (FADIL KNALA's rows that
 * share only FADIL).
 */
static double
variant_bound(const sc_score_variant *q, const sc_score_variant *c, int extra_tokens)
{
	uint32_t	qpos = 0,
				cpos = 0,
				qvis = 0;
	bool		anchor = false;
	float		qmax = 0;
	uint64_t	qletters[SC_SCORE_MAX_TOKENS],
				cletters[SC_SCORE_MAX_TOKENS];
	float		qbest[SC_SCORE_MAX_TOKENS],
				cbest[SC_SCORE_MAX_TOKENS];
	double		qtotal = 0,
				ctotal = 0,
				qpaired = 0,
				cpaired = 0,
				qby_c = 0,
				cby_q = 0;
	double		bound,
				paired;
	int			i,
				j,
				k,
				t;

	if (q->ntokens == 0 || c->ntokens == 0)
		return 0.0;
	for (i = 0; i < q->ntokens; i++)
	{
		if (q->tokens[i].weight > qmax && q->tokens[i].kind == SC_TOKEN_NAME)
			qmax = q->tokens[i].weight;
		qletters[i] = letter_mask(&q->tokens[i]);
		qbest[i] = 0;
	}
	for (j = 0; j < c->ntokens; j++)
	{
		cletters[j] = letter_mask(&c->tokens[j]);
		cbest[j] = 0;
	}

	/*
	 * Which tokens could pair, and the heaviest partner each could have:
	 * qbest[i] is the most listed weight query token i could be paired
	 * with, cbest[j] the most query weight listed token j could take.
	 */
	for (i = 0; i < q->ntokens; i++)
		for (j = 0; j < c->ntokens; j++)
		{
			bool		visible;

			if (!pair_possible(&q->tokens[i], &c->tokens[j], qletters[i], cletters[j], &visible))
				continue;
			qpos |= 1u << i;
			cpos |= 1u << j;
			qbest[i] = larger(qbest[i], c->tokens[j].weight);
			cbest[j] = larger(cbest[j], q->tokens[i].weight);
			if (visible)
			{
				qvis |= 1u << i;
				if (q->tokens[i].weight >= SC_ANCHOR_SHARE * qmax)
					anchor = true;
			}
		}
	for (k = 2; k <= SC_MAX_JOIN; k++)
	{
		for (i = 0; i + k <= q->ntokens; i++)
			for (j = 0; j < c->ntokens; j++)
				if (join_possible(q, i, k, window_letters(qletters, i, k), &c->tokens[j], cletters[j]))
				{
					float		w = range_weight(q, i, k);

					qpos |= ((1u << k) - 1u) << i;
					qvis |= ((1u << k) - 1u) << i;
					cpos |= 1u << j;
					cbest[j] = larger(cbest[j], w);
					for (t = i; t < i + k; t++)
						qbest[t] = larger(qbest[t], c->tokens[j].weight);
					if (w >= SC_ANCHOR_SHARE * qmax)
						anchor = true;
				}
		for (i = 0; i + k <= c->ntokens; i++)
			for (j = 0; j < q->ntokens; j++)
				if (join_possible(c, i, k, window_letters(cletters, i, k), &q->tokens[j], qletters[j]))
				{
					qpos |= 1u << j;
					qvis |= 1u << j;
					cpos |= ((1u << k) - 1u) << i;
					qbest[j] = larger(qbest[j], range_weight(c, i, k));
					for (t = i; t < i + k; t++)
						cbest[t] = larger(cbest[t], q->tokens[j].weight);
					if (q->tokens[j].weight >= SC_ANCHOR_SHARE * qmax)
						anchor = true;
				}
	}
	if (qpos == 0)
		return 0.0;

	/*
	 * The paired weight of each side is at most what could pair, and, since
	 * no token is used twice, at most the other side's heaviest partners
	 * summed (UNG and JEONG cannot both take the one JEONG of JING JEONG).
	 * num / den rises with either, so the larger values bound the score.
	 */
	for (i = 0; i < q->ntokens; i++)
	{
		qtotal += q->tokens[i].weight;
		if (qpos & (1u << i))
			qpaired += q->tokens[i].weight;
		cby_q += qbest[i];
	}
	for (j = 0; j < c->ntokens; j++)
	{
		ctotal += c->tokens[j].weight;
		if (cpos & (1u << j))
			cpaired += c->tokens[j].weight;
		qby_c += cbest[j];
	}
	qpaired = qpaired < qby_c ? qpaired : qby_c;
	cpaired = cpaired < cby_q ? cpaired : cby_q;
	paired = qpaired + cpaired;
	if (paired <= 0.0)
		return 0.0;
	bound = paired / (paired + 2.0 * UNMATCHED_QUERY * (qtotal - qpaired + extra_tokens) +
					  2.0 * UNMATCHED_CANDIDATE * (ctotal - cpaired));
	if (!anchor && bound > SC_UNANCHORED_CAP)
		bound = SC_UNANCHORED_CAP;
	/* the scorer's own coverage sums, over every pairing that could be visible */
	if (bound > SC_UNCOVERED_CAP && !coverage_met(q, qvis, qmax))
		bound = SC_UNCOVERED_CAP;
	return bound;
}

/* Rounding room between the bound's sums and the scorer's (float weights). */
#define BOUND_SLACK 1e-5

/*
 * The best score over the variant pairs; with floor > 0, skipping a pair
 * whose bound cannot reach floor or beat the best so far.
 */
static double
score_best(const sc_name_prep *query, const sc_name_prep *candidate, double floor, int *bq, int *bc)
{
	double		best = 0.0;
	int			i,
				j;

	for (i = 0; i < query->nvariants; i++)
		for (j = 0; j < candidate->nvariants; j++)
		{
			bool		canonical = query->variants[i].canonical && candidate->variants[j].canonical;
			double		s;

			/*
			 * Without a floor the bound is not worth its cost: measured on the
			 * recheck candidates of slow passengers, it pruned too few of the
			 * other variant pairs to pay for itself.
			 */
			if (floor > 0.0)
			{
				double		b = variant_bound(&query->variants[i], &candidate->variants[j],
											  query->extra_tokens);

				if (!canonical)
					b *= VARIANT_COST;
				b += BOUND_SLACK;
				if (b <= best || (floor > 0.0 && !sc_score_reaches(b, floor)))
					continue;
			}
			s = score_variants(&query->variants[i], &candidate->variants[j],
							   query->extra_tokens, NULL);
			if (!canonical)
				s *= VARIANT_COST;
			if (s > best)
			{
				best = s;
				*bq = i;
				*bc = j;
			}
		}
	return best;
}

double
sc_name_score_prepared(const sc_name_prep *query, const sc_name_prep *candidate,
					   sc_score_detail *detail)
{
	double		best = 0.0;
	int			bq = 0,
				bc = 0;
	sc_score_detail scratch;

	if (detail != NULL)
		memset(detail, 0, sizeof(*detail));
	if (query->nvariants == 0 || candidate->nvariants == 0 ||
		query->text.len[0] == 0 || candidate->text.len[0] == 0)
		return 0.0;
	if (query->text.len[0] == candidate->text.len[0] &&
		memcmp(query->text.v[0], candidate->text.v[0], query->text.len[0]) == 0)
		best = 1.0;
	else
	{
		best = score_best(query, candidate, 0.0, &bq, &bc);
		if (best > BELOW_IDENTICAL)
			best = BELOW_IDENTICAL;
	}
	if (detail != NULL)
	{
		/* score the winning pair again, recording its alignment */
		score_variants(&query->variants[bq], &candidate->variants[bc], query->extra_tokens,
					   &scratch);
		*detail = scratch;
		detail->score = best;
		detail->q_variant = bq;
		detail->c_variant = bc;
	}
	return best;
}

double
sc_name_score_floor(const sc_name_prep *query, const sc_name_prep *candidate, double floor)
{
	int			bq = 0,
				bc = 0;
	double		best;

	if (query->nvariants == 0 || candidate->nvariants == 0 ||
		query->text.len[0] == 0 || candidate->text.len[0] == 0)
		return 0.0;
	if (query->text.len[0] == candidate->text.len[0] &&
		memcmp(query->text.v[0], candidate->text.v[0], query->text.len[0]) == 0)
		return 1.0;
	best = score_best(query, candidate, floor, &bq, &bc);
	return best > BELOW_IDENTICAL ? BELOW_IDENTICAL : best;
}

sc_status
sc_name_score(const char *q, size_t qlen, const char *c, size_t clen, const sc_dict *dict,
			  double *score)
{
	sc_name_prep *pq = malloc(sizeof(sc_name_prep));
	sc_name_prep *pc = malloc(sizeof(sc_name_prep));
	sc_status	st = SC_OK;

	*score = 0.0;
	if (pq == NULL || pc == NULL)
	{
		sc_set_error("out of memory preparing names");
		st = SC_ERR_INTERNAL;
	}
	if (st == SC_OK)
		st = sc_name_prepare(q, qlen, dict, pq);
	if (st == SC_OK)
		st = sc_name_prepare(c, clen, dict, pc);
	if (st == SC_OK)
		*score = sc_name_score_prepared(pq, pc, NULL);
	free(pq);
	free(pc);
	return st;
}
