/*
 * score_sql.c - SQL functions and operators of the name scorer, and the token metrics.
 *
 * The scorer lives in the core (sc_score.c); this file feeds it text and
 * reads the threshold.  Two things deserve a note:
 *
 *  - Caching.  Preparing a name (normalization, variants, token features)
 *    costs more than scoring two prepared names, and in `candidate ~% 'query'`
 *    or a join the constant side repeats on every row.  Each function keeps
 *    the last name it prepared for each argument in fn_extra and reuses it
 *    while the argument's bytes are unchanged and the dictionary (dictionary.c)
 *    has not been reloaded, as pg_trgm caches its query trigrams.
 *  - Thresholds.  The operators %~ / ~% on two texts read the setting
 *    screening.match_threshold and are therefore STABLE; the same match with
 *    the threshold as an argument (name_match(), or the operators on
 *    screening.name_query) is IMMUTABLE, because settings do not reach Citus
 *    workers and postgres_fdw does not ship STABLE operators.
 *
 * Asymmetry: name_score(query, candidate) charges a passenger token missing
 * from the listed name more than the reverse (see sc_score.c).  Operators
 * come in commutator pairs that keep the roles: query %~ candidate is
 * candidate ~% query.
 */
#include "screening.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include "sc_metaphone.h"
#include "sc_metrics.h"
#include "sc_score.h"
#include "sc_utf8.h"

PG_FUNCTION_INFO_V1(screening_name_score);
PG_FUNCTION_INFO_V1(screening_name_distance_qc);
PG_FUNCTION_INFO_V1(screening_name_distance_cq);
PG_FUNCTION_INFO_V1(screening_name_match_setting_qc);
PG_FUNCTION_INFO_V1(screening_name_match_setting_cq);
PG_FUNCTION_INFO_V1(screening_name_match);
PG_FUNCTION_INFO_V1(screening_name_query_make);
PG_FUNCTION_INFO_V1(screening_name_query_match_cq);
PG_FUNCTION_INFO_V1(screening_name_query_match_qc);
PG_FUNCTION_INFO_V1(screening_jaro_winkler_similarity);
PG_FUNCTION_INFO_V1(screening_osa_distance);
PG_FUNCTION_INFO_V1(screening_osa_distance_within);
PG_FUNCTION_INFO_V1(screening_confusion_edit_cost);
PG_FUNCTION_INFO_V1(screening_double_metaphone);

/* ---- the cache of prepared names ---- */

typedef struct prep_slot
{
	bool		valid;
	Size		keylen;
	char		key[SC_MAX_NAME_BYTES];
	sc_name_prep prep;
} prep_slot;

typedef struct score_cache
{
	uint64		generation;
	prep_slot	slot[2];
} score_cache;

/*
 * The prepared form of t for argument slot 0 or 1, from the cache when
 * unchanged.  A name that cannot be prepared (over the cap) raises 22001, or
 * with lenient gives NULL: the LEAKPROOF operators may not raise on data.
 */
static const sc_name_prep *
prepared(FunctionCallInfo fcinfo, int which, text *t, bool lenient)
{
	sc_status	st;
	score_cache *cache = (score_cache *) fcinfo->flinfo->fn_extra;
	uint64		generation;
	const sc_dict *dict = screening_dictionary(&generation);
	prep_slot  *s;
	Size		len = VARSIZE_ANY_EXHDR(t);

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(score_cache));
		fcinfo->flinfo->fn_extra = cache;
	}
	if (cache->generation != generation)
	{
		cache->slot[0].valid = cache->slot[1].valid = false;
		cache->generation = generation;
	}
	s = &cache->slot[which];
	if (s->valid && s->keylen == len && memcmp(s->key, VARDATA_ANY(t), len) == 0)
		return &s->prep;
	s->valid = false;
	/* the row side of a join changes every row: the backend's cache (prepcache.c) */
	st = screening_prepare_name(VARDATA_ANY(t), len, dict, generation, &s->prep);
	if (st != SC_OK)
	{
		if (lenient)
			return NULL;
		screening_report(st, len);
	}
	/* names over the cap were refused above, so the key always fits */
	memcpy(s->key, VARDATA_ANY(t), len);
	s->keylen = len;
	s->valid = true;
	return &s->prep;
}

/*
 * The score of query against candidate; with floor > 0, exact only when it
 * reaches floor (sc_name_score_floor): what the operators need, who compare
 * it with a threshold or saturate below one.
 */
static double
score_args(FunctionCallInfo fcinfo, text *query, int qslot, text *candidate, int cslot, double floor)
{
	const sc_name_prep *q = prepared(fcinfo, qslot, query, false);
	const sc_name_prep *c = prepared(fcinfo, cslot, candidate, false);

	return floor > 0.0 ? sc_name_score_floor(q, c, floor) : sc_name_score_prepared(q, c, NULL);
}

/*
 * The score the operators compare, or -1 (no match) when either name cannot
 * be prepared (over the byte cap, before or after transliteration).  The
 * operator functions are LEAKPROOF so that nameidx can serve them under
 * row-level security; a LEAKPROOF function may not raise an error that
 * depends on its arguments, so where name_score refuses such a name (22001),
 * an operator treats it as matching nothing.  The index does the same
 * (scan_query, NameidxPrepareSearch), so answers agree.
 */
static double
operator_score(FunctionCallInfo fcinfo, text *query, int qslot, text *candidate, int cslot, double floor)
{
	const sc_name_prep *q = prepared(fcinfo, qslot, query, true);
	const sc_name_prep *c = q ? prepared(fcinfo, cslot, candidate, true) : NULL;

	return c ? sc_name_score_floor(q, c, floor) : -1.0;
}

/* A threshold the operators accept: in [0, 1]; others match nothing. */
static bool
threshold_in_range(double t)
{
	return !isnan(t) && t >= 0.0 && t <= 1.0;
}

static void
check_threshold(double t)
{
	if (isnan(t) || t < 0.0 || t > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("match threshold %g is out of range", t),
				 errdetail("A threshold is a score between 0 and 1.")));
}

/* name_score(query text, candidate text) RETURNS real */
Datum
screening_name_score(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT4((float4) score_args(fcinfo, PG_GETARG_TEXT_PP(0), 0, PG_GETARG_TEXT_PP(1), 1, 0.0));
}

/*
 * The distance of the ORDER BY operators: 1 - score, and 1 for every score
 * below SC_INDEX_EXACT_FLOOR.  Below the floor a name is no match; ranking
 * non-matches among themselves would make every top-k search without
 * enough matches score the whole list, which no index can avoid.  Saturated,
 * the rest of the list is one tie at 1 that an index can return in any
 * order.  name_score still gives the exact score.
 */
static float4
distance_of(double score)
{
	return score < SC_INDEX_EXACT_FLOOR ? 1.0f : (float4) (1.0 - score);
}

/* query <%~> candidate */
Datum
screening_name_distance_qc(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT4(distance_of(operator_score(fcinfo, PG_GETARG_TEXT_PP(0), 0, PG_GETARG_TEXT_PP(1), 1,
												SC_INDEX_EXACT_FLOOR)));
}

/* candidate <~%> query */
Datum
screening_name_distance_cq(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT4(distance_of(operator_score(fcinfo, PG_GETARG_TEXT_PP(1), 1, PG_GETARG_TEXT_PP(0), 0,
												SC_INDEX_EXACT_FLOOR)));
}

/* query %~ candidate, threshold from screening.match_threshold (STABLE) */
Datum
screening_name_match_setting_qc(PG_FUNCTION_ARGS)
{
	double		s = operator_score(fcinfo, PG_GETARG_TEXT_PP(0), 0, PG_GETARG_TEXT_PP(1), 1,
									   screening_match_threshold);

	PG_RETURN_BOOL(s >= 0.0 && sc_score_reaches(s, screening_match_threshold));
}

/* candidate ~% query, threshold from screening.match_threshold (STABLE) */
Datum
screening_name_match_setting_cq(PG_FUNCTION_ARGS)
{
	double		s = operator_score(fcinfo, PG_GETARG_TEXT_PP(1), 1, PG_GETARG_TEXT_PP(0), 0,
									   screening_match_threshold);

	PG_RETURN_BOOL(s >= 0.0 && sc_score_reaches(s, screening_match_threshold));
}

/* name_match(query text, candidate text, threshold real) RETURNS boolean (IMMUTABLE) */
Datum
screening_name_match(PG_FUNCTION_ARGS)
{
	double		threshold = PG_GETARG_FLOAT4(2);
	double		s;

	check_threshold(threshold);
	s = score_args(fcinfo, PG_GETARG_TEXT_PP(0), 0, PG_GETARG_TEXT_PP(1), 1, threshold);
	PG_RETURN_BOOL(sc_score_reaches(s, threshold));
}

/* ---- screening.name_query: a name with its threshold ---- */

/*
 * The name and threshold of a name_query, or NULL for a NULL name.  A NULL or
 * out-of-range threshold (possible only in a value built without name_query())
 * sets *usable false: the operators then match nothing rather than raise.
 */
static text *
name_query_parts(HeapTupleHeader nq, double *threshold, bool *usable)
{
	bool		isnull;
	Datum		name = GetAttributeByNum(nq, 1, &isnull);
	Datum		t;

	if (isnull)
		return NULL;
	t = GetAttributeByNum(nq, 2, &isnull);
	*threshold = isnull ? 0.0 : DatumGetFloat4(t);
	*usable = !isnull && threshold_in_range(*threshold);
	return DatumGetTextPP(name);
}

/* name_query(name text, threshold real) RETURNS screening.name_query */
Datum
screening_name_query_make(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	check_threshold(PG_GETARG_FLOAT4(1));
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "name_query must return a composite type");
	desc = BlessTupleDesc(desc);
	values[0] = PG_GETARG_DATUM(0);
	values[1] = PG_GETARG_DATUM(1);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/* candidate ~% name_query (IMMUTABLE) */
Datum
screening_name_query_match_cq(PG_FUNCTION_ARGS)
{
	double		threshold = 0;
	bool		usable = false;
	text	   *query = name_query_parts(PG_GETARG_HEAPTUPLEHEADER(1), &threshold, &usable);
	double		s;

	if (query == NULL)
		PG_RETURN_NULL();
	if (!usable)
		PG_RETURN_BOOL(false);
	s = operator_score(fcinfo, query, 1, PG_GETARG_TEXT_PP(0), 0, threshold);
	PG_RETURN_BOOL(s >= 0.0 && sc_score_reaches(s, threshold));
}

/* name_query %~ candidate (IMMUTABLE) */
Datum
screening_name_query_match_qc(PG_FUNCTION_ARGS)
{
	double		threshold = 0;
	bool		usable = false;
	text	   *query = name_query_parts(PG_GETARG_HEAPTUPLEHEADER(0), &threshold, &usable);
	double		s;

	if (query == NULL)
		PG_RETURN_NULL();
	if (!usable)
		PG_RETURN_BOOL(false);
	s = operator_score(fcinfo, query, 0, PG_GETARG_TEXT_PP(1), 1, threshold);
	PG_RETURN_BOOL(s >= 0.0 && sc_score_reaches(s, threshold));
}

/* ---- token metrics ---- */

/* Decode a text argument to code points; names longer than the cap are refused. */
static int32_t *
text_cps(text *t, int *n)
{
	Size		len = VARSIZE_ANY_EXHDR(t);
	int32_t    *cps;

	screening_check_encoding();
	if (len > SC_MAX_NAME_BYTES)
		screening_report(SC_ERR_TOO_LONG, len);
	cps = palloc(sizeof(int32_t) * (len + 1));
	*n = sc_utf8_to_cps(VARDATA_ANY(t), len, cps, (int) len + 1);
	if (*n < 0)
		screening_report(SC_ERR_BAD_UTF8, len);
	return cps;
}

Datum
screening_jaro_winkler_similarity(PG_FUNCTION_ARGS)
{
	int			na,
				nb;
	int32_t    *a = text_cps(PG_GETARG_TEXT_PP(0), &na);
	int32_t    *b = text_cps(PG_GETARG_TEXT_PP(1), &nb);

	PG_RETURN_FLOAT8(sc_jaro_winkler(a, na, b, nb));
}

Datum
screening_osa_distance(PG_FUNCTION_ARGS)
{
	int			na,
				nb;
	int32_t    *a = text_cps(PG_GETARG_TEXT_PP(0), &na);
	int32_t    *b = text_cps(PG_GETARG_TEXT_PP(1), &nb);
	int			d = sc_osa_distance(a, na, b, nb);

	if (d < 0)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	PG_RETURN_INT32(d);
}

Datum
screening_osa_distance_within(PG_FUNCTION_ARGS)
{
	int			na,
				nb;
	int32_t    *a = text_cps(PG_GETARG_TEXT_PP(0), &na);
	int32_t    *b = text_cps(PG_GETARG_TEXT_PP(1), &nb);
	int32		k = PG_GETARG_INT32(2);
	int			d;

	if (k < 0 || k > SC_METRIC_STACK_CPS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("edit bound %d is out of range", k),
				 errdetail("The bound must be between 0 and %d.", SC_METRIC_STACK_CPS)));
	d = sc_osa_distance_bounded(a, na, b, nb, k);
	if (d < 0)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	PG_RETURN_INT32(d);
}

Datum
screening_confusion_edit_cost(PG_FUNCTION_ARGS)
{
	int			na,
				nb;
	int32_t    *a = text_cps(PG_GETARG_TEXT_PP(0), &na);
	int32_t    *b = text_cps(PG_GETARG_TEXT_PP(1), &nb);
	double		d = sc_weighted_distance(a, na, b, nb, (double) (na + nb + 1));

	if (d < 0)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	PG_RETURN_FLOAT8(d);
}

/* double_metaphone(name text) RETURNS text[]: {primary, alternate}, one code per token, on the normalized name */
Datum
screening_double_metaphone(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	char	   *norm = palloc(SC_NORM_BUFSIZE);
	size_t		len;
	sc_status	st;
	StringInfoData primary,
				alternate;
	size_t		i = 0;
	Datum		elems[2];

	screening_check_encoding();
	st = sc_name_normalize(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), norm, &len);
	if (st != SC_OK)
		screening_report(st, VARSIZE_ANY_EXHDR(t));
	initStringInfo(&primary);
	initStringInfo(&alternate);
	while (i < len)
	{
		size_t		start = i;
		char		p[5],
					a[5];

		while (i < len && norm[i] != ' ')
			i++;
		sc_double_metaphone(norm + start, i - start, 4, p, a);
		if (primary.len > 0)
		{
			appendStringInfoChar(&primary, ' ');
			appendStringInfoChar(&alternate, ' ');
		}
		appendStringInfoString(&primary, p);
		appendStringInfoString(&alternate, a[0] ? a : p);
		while (i < len && norm[i] == ' ')
			i++;
	}
	elems[0] = PointerGetDatum(cstring_to_text_with_len(primary.data, primary.len));
	elems[1] = PointerGetDatum(cstring_to_text_with_len(alternate.data, alternate.len));
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, 2, TEXTOID, -1, false, TYPALIGN_INT));
}
