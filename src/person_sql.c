/*
 * person_sql.c - SQL functions of person-level screening: partial birth
 * dates, countries, genders, document numbers, person_score, and the
 * explanations.
 *
 * Parsers come in two forms, as PostgreSQL's own do (to_date / a lenient
 * cast): the plain one raises an error a user can act on, with a precise
 * SQLSTATE; the try_ one returns NULL for the same input, for loading
 * messy data.
 *
 *   unreadable date                 22007 invalid_datetime_format
 *   impossible date (month 13)      22008 datetime_field_overflow
 *   two-digit year, no reference    22007, with a hint
 *   unknown country or gender       22023 invalid_parameter_value
 *   unreadable document number      22023
 *   unknown profile                 22023, with the profile names
 *
 * person_score and the explanations read a screening.person composite.  Its
 * parts are parsed leniently: a listed birth date nobody can read must not
 * stop a screening run, so it is ignored for the score and reported under
 * "unreadable" in the explanation.  Names are prepared through the backend
 * cache of prepared names (prepcache.c).
 */
#include "screening.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#include "sc_person.h"

PG_FUNCTION_INFO_V1(screening_birth_date);
PG_FUNCTION_INFO_V1(screening_try_birth_date);
PG_FUNCTION_INFO_V1(screening_birth_date_relation);
PG_FUNCTION_INFO_V1(screening_country_code);
PG_FUNCTION_INFO_V1(screening_try_country_code);
PG_FUNCTION_INFO_V1(screening_gender_code);
PG_FUNCTION_INFO_V1(screening_try_gender_code);
PG_FUNCTION_INFO_V1(screening_document_number);
PG_FUNCTION_INFO_V1(screening_try_document_number);
PG_FUNCTION_INFO_V1(screening_document_relation);
PG_FUNCTION_INFO_V1(screening_person_score);
PG_FUNCTION_INFO_V1(screening_person_match);
PG_FUNCTION_INFO_V1(screening_explain_match);
PG_FUNCTION_INFO_V1(screening_explain_match_rows);
PG_FUNCTION_INFO_V1(screening_profile_threshold);

/* Version of the person score's rules; with SC_SCORE_VERSION in explanations. */
#define PERSON_SCORE_VERSION 1

/* Most names, dates, countries or documents one person may carry. */
#define MAX_PARTS 256

/* ---- parsers ---- */

static int
reference_arg(FunctionCallInfo fcinfo, int arg)
{
	int			r;

	if (PG_NARGS() <= arg || PG_ARGISNULL(arg))
		return 0;
	r = PG_GETARG_INT32(arg);
	if (r != 0 && (r < 1000 || r > 2999))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("reference year %d is out of range", r),
				 errdetail("A reference year is between 1000 and 2999, or 0 for none.")));
	return r;
}

/* Parse a date; on failure raise (strict) or return false. */
static bool
parse_date(text *t, int reference, bool strict, sc_date *out)
{
	char	   *s = VARDATA_ANY(t);
	int			len = VARSIZE_ANY_EXHDR(t);
	sc_parse	r = sc_date_parse(s, len, reference, out);

	if (r == SC_PARSE_OK || !strict)
		return r == SC_PARSE_OK;
	ereport(ERROR,
			(errcode(r == SC_PARSE_RANGE ? ERRCODE_DATETIME_FIELD_OVERFLOW : ERRCODE_INVALID_DATETIME_FORMAT),
			 errmsg("invalid birth date: \"%.*s\"", len, s),
			 errdetail("%s.", sc_error_detail()),
			 r == SC_PARSE_CENTURY ? errhint("Pass the year the data was written as reference_year, e.g. birth_date('720525', 2026).") :
			 r == SC_PARSE_SYNTAX ? errhint("Write a full date (1972-05-25, 25.05.1972, 25 MAY 1972), a year and month, a year, \"about 1960\" or \"between 1973 and 1974\".") : 0));
	return false;
}

static text *
date_text(const sc_date *d)
{
	char		buf[SC_DATE_TEXT_MAX];
	size_t		n = sc_date_format(d, buf, sizeof(buf));

	return cstring_to_text_with_len(buf, (int) n);
}

Datum
screening_birth_date(PG_FUNCTION_ARGS)
{
	sc_date		d;

	parse_date(PG_GETARG_TEXT_PP(0), reference_arg(fcinfo, 1), true, &d);
	PG_RETURN_TEXT_P(date_text(&d));
}

Datum
screening_try_birth_date(PG_FUNCTION_ARGS)
{
	sc_date		d;

	if (!parse_date(PG_GETARG_TEXT_PP(0), reference_arg(fcinfo, 1), false, &d))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(date_text(&d));
}

Datum
screening_birth_date_relation(PG_FUNCTION_ARGS)
{
	sc_date		a,
				b;

	parse_date(PG_GETARG_TEXT_PP(0), 0, true, &a);
	parse_date(PG_GETARG_TEXT_PP(1), 0, true, &b);
	PG_RETURN_TEXT_P(cstring_to_text(sc_date_relation_name(sc_date_compare(&a, &b))));
}

/* A text parser: fills out (SC_DOCUMENT_MAX bytes at most), or raises (strict) or returns false. */
typedef bool (*text_parser) (const char *s, int len, bool strict, char *out);

/* The strict form returns the parsed text; the try_ form NULL where the strict one raises. */
static Datum
parsed_text(FunctionCallInfo fcinfo, text_parser parse, bool strict)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	char		out[SC_DOCUMENT_MAX];

	if (!parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), strict, out))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(out));
}

static bool
parse_country(const char *s, int len, bool strict, char *code)
{
	sc_parse	r = sc_country_code(s, len, code);

	if (r == SC_PARSE_OK || !strict)
		return r == SC_PARSE_OK;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown country: \"%.*s\"", len, s),
			 errdetail("%s.", sc_error_detail()),
			 errhint("Write an ISO 3166 code (AF, AFG, 004), an English country name or a nationality adjective.")));
	return false;
}

Datum
screening_country_code(PG_FUNCTION_ARGS)
{
	return parsed_text(fcinfo, parse_country, true);
}

Datum
screening_try_country_code(PG_FUNCTION_ARGS)
{
	return parsed_text(fcinfo, parse_country, false);
}

static bool
parse_gender(const char *s, int len, bool strict, char *code)
{
	if (sc_gender_code(s, len, code) == SC_PARSE_OK)
		return true;
	if (strict)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown gender: \"%.*s\"", len, s),
				 errhint("Write M, F, X (unspecified) or U (unknown), or male, female, other, unknown.")));
	return false;
}

Datum
screening_gender_code(PG_FUNCTION_ARGS)
{
	return parsed_text(fcinfo, parse_gender, true);
}

Datum
screening_try_gender_code(PG_FUNCTION_ARGS)
{
	return parsed_text(fcinfo, parse_gender, false);
}

static bool
parse_document(const char *s, int len, bool strict, char *out)
{
	if (sc_document_normalize(s, len, out) == SC_PARSE_OK)
		return true;
	if (strict)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid document number: \"%.*s\"", len, s),
				 errdetail("%s.", sc_error_detail())));
	return false;
}

Datum
screening_document_number(PG_FUNCTION_ARGS)
{
	return parsed_text(fcinfo, parse_document, true);
}

Datum
screening_try_document_number(PG_FUNCTION_ARGS)
{
	return parsed_text(fcinfo, parse_document, false);
}

Datum
screening_document_relation(PG_FUNCTION_ARGS)
{
	text	   *a = PG_GETARG_TEXT_PP(0);
	text	   *b = PG_GETARG_TEXT_PP(1);
	char		na[SC_DOCUMENT_MAX],
				nb[SC_DOCUMENT_MAX];

	parse_document(VARDATA_ANY(a), VARSIZE_ANY_EXHDR(a), true, na);
	parse_document(VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b), true, nb);
	PG_RETURN_TEXT_P(cstring_to_text(sc_document_relation_name(sc_document_compare(na, nb))));
}

/* ---- persons ---- */

/* A screening.person read from its composite, with what could not be read. */
typedef struct person_read
{
	sc_person	p;
	int			nnames;
	char	  **name_text;		/* per name, for explanations */
	bool	   *weak;
	sc_date    *dates;
	char	  **date_text;
	char		(*countries)[3];
	char	  **country_text;
	char		(*documents)[SC_DOCUMENT_MAX];
	char		(*issuers)[3];
	char	  **document_text;
	char		gender_text[16];
	StringInfoData unreadable;	/* JSON array items: parts that could not be read */
} person_read;

/*
 * Per-call-site state.  Prepared names are large (sc_name_prep), so they are
 * kept and reused.  Each side also keeps the last person it read, in its own
 * memory context, with the composite's bytes: in a join the traveller stays
 * the same while the listed side runs through the list, and is read once.
 */
typedef struct person_state
{
	sc_name_prep *preps[2][MAX_PARTS];
	MemoryContext cxt[2];
	char	   *bytes[2];		/* the composite last read on this side */
	uint32		nbytes[2];
	uint64		generation[2];	/* the dictionary it was read with */
	person_read *read[2];
} person_state;

static person_state *
state_of(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(person_state));
	return (person_state *) fcinfo->flinfo->fn_extra;
}

/* The non-NULL elements of a text[] attribute. */
static int
text_array(HeapTupleHeader th, TupleDesc td, int attno, char ***out, int **lens)
{
	HeapTupleData tuple;
	bool		isnull;
	Datum		d;
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i,
				k = 0;

	tuple.t_len = HeapTupleHeaderGetDatumLength(th);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = th;
	d = heap_getattr(&tuple, attno, td, &isnull);
	*out = NULL;
	if (isnull)
		return 0;
	arr = DatumGetArrayTypeP(d);
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("a person's %s must be a one-dimensional array", NameStr(TupleDescAttr(td, attno - 1)->attname))));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	if (n > MAX_PARTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a person may carry at most %d %s, not %d", MAX_PARTS,
						NameStr(TupleDescAttr(td, attno - 1)->attname), n)));
	*out = palloc(sizeof(char *) * Max(n, 1));
	*lens = palloc(sizeof(int) * Max(n, 1));
	for (i = 0; i < n; i++)
		if (!nulls[i])
		{
			text	   *t = DatumGetTextPP(elems[i]);

			(*out)[k] = VARDATA_ANY(t);
			(*lens)[k] = VARSIZE_ANY_EXHDR(t);
			k++;
		}
	return k;
}

static char *
text_attr(HeapTupleHeader th, TupleDesc td, int attno, int *len)
{
	HeapTupleData tuple;
	bool		isnull;
	Datum		d;
	text	   *t;

	tuple.t_len = HeapTupleHeaderGetDatumLength(th);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = th;
	d = heap_getattr(&tuple, attno, td, &isnull);
	if (isnull)
		return NULL;
	t = DatumGetTextPP(d);
	*len = VARSIZE_ANY_EXHDR(t);
	return VARDATA_ANY(t);
}

static void
note_unreadable(person_read *r, const char *part, const char *s, int len)
{
	if (r->unreadable.len > 0)
		appendStringInfoChar(&r->unreadable, ',');
	appendStringInfo(&r->unreadable, "{\"part\": \"%s\", \"value\": ", part);
	{
		char	   *v = pnstrdup(s, len);

		escape_json(&r->unreadable, v);
		pfree(v);
	}
	appendStringInfoChar(&r->unreadable, '}');
}

/* Attribute numbers of screening.person (sql/screening--0.1.sql). */
enum
{
	PERSON_NAMES = 1,
	PERSON_WEAK_NAMES,
	PERSON_BIRTH_DATES,
	PERSON_GENDER,
	PERSON_NATIONALITIES,
	PERSON_DOCUMENTS,
	PERSON_DOCUMENT_COUNTRIES,
	PERSON_NATTS = PERSON_DOCUMENT_COUNTRIES
};

static void
parse_person(FunctionCallInfo fcinfo, HeapTupleHeader th, int side, person_read *r)
{
	TupleDesc	td = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(th), HeapTupleHeaderGetTypMod(th));
	person_state *st = state_of(fcinfo);
	uint64		generation;
	const sc_dict *dict = screening_dictionary(&generation);
	char	  **strong,
			  **weak,
			  **dates,
			  **countries,
			  **docs,
			  **issuers;
	int		   *lstrong,
			   *lweak,
			   *ldates,
			   *lcountries,
			   *ldocs,
			   *lissuers;
	int			nstrong,
				nweak,
				ndates,
				ncountries,
				ndocs,
				nissuers,
				i,
				glen = 0;
	char	   *g;
	const sc_name_prep **names;

	if (td->natts != PERSON_NATTS)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("expected a screening.person, got a row of %d columns", td->natts)));
	memset(r, 0, sizeof(*r));
	initStringInfo(&r->unreadable);

	nstrong = text_array(th, td, PERSON_NAMES, &strong, &lstrong);
	nweak = text_array(th, td, PERSON_WEAK_NAMES, &weak, &lweak);
	if (nstrong + nweak > MAX_PARTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a person may carry at most %d names", MAX_PARTS)));
	names = palloc(sizeof(sc_name_prep *) * Max(nstrong + nweak, 1));
	r->weak = palloc0(sizeof(bool) * Max(nstrong + nweak, 1));
	r->name_text = palloc(sizeof(char *) * Max(nstrong + nweak, 1));
	for (i = 0; i < nstrong + nweak; i++)
	{
		const char *s = i < nstrong ? strong[i] : weak[i - nstrong];
		int			len = i < nstrong ? lstrong[i] : lweak[i - nstrong];
		sc_status	ps;

		if (st->preps[side][i] == NULL)
			st->preps[side][i] = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(sc_name_prep));
		ps = screening_prepare_name(s, len, dict, generation, st->preps[side][i]);
		if (ps != SC_OK)
			screening_report(ps, (size_t) len);
		names[i] = st->preps[side][i];
		r->weak[i] = i >= nstrong;
		r->name_text[i] = pnstrdup(s, len);
	}
	r->p.nnames = r->nnames = nstrong + nweak;
	r->p.names = names;
	r->p.weak = r->weak;

	ndates = text_array(th, td, PERSON_BIRTH_DATES, &dates, &ldates);
	r->dates = palloc(sizeof(sc_date) * Max(ndates, 1));
	r->date_text = palloc(sizeof(char *) * Max(ndates, 1));
	for (i = 0; i < ndates; i++)
	{
		if (sc_date_parse(dates[i], ldates[i], 0, &r->dates[r->p.ndates]) == SC_PARSE_OK)
			r->date_text[r->p.ndates++] = pnstrdup(dates[i], ldates[i]);
		else
			note_unreadable(r, "birth_date", dates[i], ldates[i]);
	}
	r->p.dates = r->dates;

	g = text_attr(th, td, PERSON_GENDER, &glen);
	if (g && glen > 0)
	{
		char		code[2];

		if (sc_gender_code(g, glen, code) == SC_PARSE_OK)
			r->p.gender = code[0];
		else
			note_unreadable(r, "gender", g, glen);
		snprintf(r->gender_text, sizeof(r->gender_text), "%.*s", Min(glen, 15), g);
	}

	ncountries = text_array(th, td, PERSON_NATIONALITIES, &countries, &lcountries);
	r->countries = palloc(3 * Max(ncountries, 1));
	r->country_text = palloc(sizeof(char *) * Max(ncountries, 1));
	for (i = 0; i < ncountries; i++)
	{
		if (sc_country_code(countries[i], lcountries[i], r->countries[r->p.ncountries]) == SC_PARSE_OK)
			r->country_text[r->p.ncountries++] = pnstrdup(countries[i], lcountries[i]);
		else
			note_unreadable(r, "nationality", countries[i], lcountries[i]);
	}
	r->p.countries = (const char (*)[3]) r->countries;

	ndocs = text_array(th, td, PERSON_DOCUMENTS, &docs, &ldocs);
	nissuers = text_array(th, td, PERSON_DOCUMENT_COUNTRIES, &issuers, &lissuers);
	r->documents = palloc(SC_DOCUMENT_MAX * Max(ndocs, 1));
	r->issuers = palloc0(3 * Max(ndocs, 1));
	r->document_text = palloc(sizeof(char *) * Max(ndocs, 1));
	for (i = 0; i < ndocs; i++)
	{
		int			k = r->p.ndocuments;

		if (sc_document_normalize(docs[i], ldocs[i], r->documents[k]) != SC_PARSE_OK)
		{
			note_unreadable(r, "document", docs[i], ldocs[i]);
			continue;
		}
		/* issuers pair with documents by position; a missing or unreadable one is unknown */
		r->issuers[k][0] = '\0';
		if (i < nissuers && lissuers[i] > 0 &&
			sc_country_code(issuers[i], lissuers[i], r->issuers[k]) != SC_PARSE_OK)
		{
			note_unreadable(r, "document_country", issuers[i], lissuers[i]);
			r->issuers[k][0] = '\0';
		}
		r->document_text[k] = pnstrdup(docs[i], ldocs[i]);
		r->p.ndocuments++;
	}
	r->p.documents = (const char (*)[SC_DOCUMENT_MAX]) r->documents;
	r->p.document_countries = (const char (*)[3]) r->issuers;
	ReleaseTupleDesc(td);
}

/* The person of argument arg, read again only when its bytes changed. */
static person_read *
read_person(FunctionCallInfo fcinfo, int arg, int side)
{
	person_state *st = state_of(fcinfo);
	HeapTupleHeader th = PG_GETARG_HEAPTUPLEHEADER(arg);
	uint32		n = HeapTupleHeaderGetDatumLength(th);
	uint64		generation;
	MemoryContext old;

	(void) screening_dictionary(&generation);
	if (st->read[side] && st->nbytes[side] == n && st->generation[side] == generation &&
		memcmp(st->bytes[side], th, n) == 0)
		return st->read[side];
	if (st->cxt[side] == NULL)
		st->cxt[side] = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "screening person",
											  ALLOCSET_SMALL_SIZES);
	st->read[side] = NULL;
	MemoryContextReset(st->cxt[side]);
	old = MemoryContextSwitchTo(st->cxt[side]);
	st->read[side] = palloc(sizeof(person_read));
	parse_person(fcinfo, th, side, st->read[side]);
	st->bytes[side] = palloc(n);
	memcpy(st->bytes[side], th, n);
	st->nbytes[side] = n;
	st->generation[side] = generation;
	MemoryContextSwitchTo(old);
	return st->read[side];
}

static const sc_profile *
profile_arg(FunctionCallInfo fcinfo, int arg)
{
	text	   *t = PG_GETARG_TEXT_PP(arg);
	const sc_profile *p = sc_profile_find(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));

	if (p == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown screening profile: \"%.*s\"", (int) VARSIZE_ANY_EXHDR(t), VARDATA_ANY(t)),
				 errhint("The profiles are %s.", sc_profile_names())));
	return p;
}

static void
score_persons(FunctionCallInfo fcinfo, bool explain, person_read **t, person_read **l,
			  const sc_profile **profile, sc_person_result *res)
{
	*profile = profile_arg(fcinfo, 2);
	*t = read_person(fcinfo, 0, 0);
	*l = read_person(fcinfo, 1, 1);
	sc_person_score(&(*t)->p, &(*l)->p, *profile, explain, res);
}

Datum
screening_person_score(PG_FUNCTION_ARGS)
{
	person_read *t,
			   *l;
	const sc_profile *profile;
	sc_person_result res;

	score_persons(fcinfo, false, &t, &l, &profile, &res);
	PG_RETURN_FLOAT4((float4) res.score);
}

Datum
screening_person_match(PG_FUNCTION_ARGS)
{
	person_read *t,
			   *l;
	const sc_profile *profile;
	sc_person_result res;

	score_persons(fcinfo, false, &t, &l, &profile, &res);
	PG_RETURN_BOOL(res.match);
}

/* ---- explanations ---- */

static const char *
qualifier_name(sc_qualifier_relation q)
{
	return q == SC_QUAL_AGREES ? "agrees" : q == SC_QUAL_DIFFERENT ? "different" : "unknown";
}

/* The text of tokens first .. first+count-1 of a prepared name's variant v. */
static char *
tokens_text(const sc_name_prep *p, int v, int first, int count)
{
	StringInfoData s;
	int			i;

	initStringInfo(&s);
	for (i = first; i < first + count && i < p->variants[v].ntokens; i++)
	{
		if (i > first)
			appendStringInfoChar(&s, ' ');
		appendBinaryStringInfo(&s, p->variants[v].tokens[i].text, p->variants[v].tokens[i].len);
	}
	return s.data;
}

static void
json_key_string(StringInfo s, const char *key, const char *value)
{
	appendStringInfo(s, "\"%s\": ", key);
	if (value)
		escape_json(s, value);
	else
		appendStringInfoString(s, "null");
}

/* One row of the flat explanation. */
typedef struct explain_row
{
	const char *item;
	char	   *traveller;
	char	   *listed;
	const char *relation;
	double		similarity;		/* < 0: none */
	double		factor;			/* < 0: none */
} explain_row;

/*
 * Everything the explanation says, as rows; explain_match renders them as
 * JSON, explain_match_rows returns them, so the two never disagree.
 */
static int
explain_rows(const person_read *t, const person_read *l, const sc_person_result *res, explain_row *rows, int max)
{
	int			n = 0;
	const sc_score_detail *d = &res->name_detail;

#define ROW(i, tr, li, rel, sim, fac) \
	do { if (n < max) { rows[n].item = (i); rows[n].traveller = (tr); rows[n].listed = (li); \
		rows[n].relation = (rel); rows[n].similarity = (sim); rows[n].factor = (fac); n++; } } while (0)

	if (res->traveller_name >= 0)
	{
		const sc_name_prep *tq = t->p.names[res->traveller_name];
		const sc_name_prep *lc = l->p.names[res->listed_name];
		int			i;

		ROW("name", t->name_text[res->traveller_name], l->name_text[res->listed_name],
			res->weak_name ? "weak_alias" : (res->listed_name == 0 ? "primary" : "alias"),
			res->raw_name_score, res->weak_name ? res->name_score / Max(res->raw_name_score, 1e-9) : 1.0);
		for (i = 0; i < d->nalign; i++)
		{
			const sc_alignment *a = &d->align[i];

			ROW("token", tokens_text(tq, d->q_variant, a->q_first, a->q_count),
				tokens_text(lc, d->c_variant, a->c_first, a->c_count),
				sc_match_kind_name((sc_match_kind) a->kind), a->similarity,
				a->kind == SC_MATCH_TYPO ? a->edits : -1.0);
		}
		for (i = 0; i < tq->variants[d->q_variant].ntokens && i < 32; i++)
			if (d->q_unmatched & (1u << i))
				ROW("token", tokens_text(tq, d->q_variant, i, 1), NULL, "unmatched", 0.0, -1.0);
		for (i = 0; i < lc->variants[d->c_variant].ntokens && i < 32; i++)
			if (d->c_unmatched & (1u << i))
				ROW("token", NULL, tokens_text(lc, d->c_variant, i, 1), "unmatched", 0.0, -1.0);
	}
	ROW("birth_date", res->traveller_date >= 0 ? t->date_text[res->traveller_date] : (t->p.ndates ? t->date_text[0] : NULL),
		res->listed_date >= 0 ? l->date_text[res->listed_date] : (l->p.ndates ? l->date_text[0] : NULL),
		sc_date_relation_name(res->dob), -1.0, res->dob_factor);
	ROW("gender", t->p.gender ? pnstrdup(&t->p.gender, 1) : NULL, l->p.gender ? pnstrdup(&l->p.gender, 1) : NULL,
		qualifier_name(res->gender), -1.0, res->gender_factor);
	ROW("nationality", t->p.ncountries ? pstrdup(t->countries[Max(res->traveller_country, 0)]) : NULL,
		l->p.ncountries ? pstrdup(l->countries[Max(res->listed_country, 0)]) : NULL,
		qualifier_name(res->nationality), -1.0, res->nationality_factor);
	ROW("document", res->traveller_document >= 0 ? t->document_text[res->traveller_document] : NULL,
		res->listed_document >= 0 ? l->document_text[res->listed_document] : NULL,
		sc_document_relation_name(res->document), -1.0, res->document_floor > 0 ? res->document_floor : -1.0);
#undef ROW
	return n;
}

Datum
screening_explain_match(PG_FUNCTION_ARGS)
{
	person_read *t,
			   *l;
	const sc_profile *profile;
	sc_person_result res;
	explain_row rows[4 * SC_SCORE_MAX_TOKENS + 8];
	int			n,
				i;
	StringInfoData s;
	bool		in_tokens = false;

	score_persons(fcinfo, true, &t, &l, &profile, &res);
	n = explain_rows(t, l, &res, rows, lengthof(rows));

	initStringInfo(&s);
	appendStringInfo(&s, "{\"algorithm\": {\"person_version\": %d, \"score_version\": %d, \"normalization_version\": %d}, ",
					 PERSON_SCORE_VERSION, SC_SCORE_VERSION, SC_NORMALIZATION_VERSION);
	json_key_string(&s, "profile", profile->name);
	appendStringInfo(&s, ", \"threshold\": %.4g, \"score\": %.4f, \"verdict\": \"%s\", ",
					 profile->threshold, res.score, res.match ? "match" : "no_match");
	appendStringInfo(&s, "\"name\": ");
	if (res.traveller_name < 0)
		appendStringInfoString(&s, "null");
	for (i = 0; i < n; i++)
	{
		explain_row *r = &rows[i];

		if (strcmp(r->item, "name") == 0)
		{
			appendStringInfoChar(&s, '{');
			json_key_string(&s, "traveller", r->traveller);
			appendStringInfoString(&s, ", ");
			json_key_string(&s, "listed", r->listed);
			appendStringInfo(&s, ", \"listed_index\": %d, \"listed_kind\": \"%s\", \"score\": %.4f, \"evidence\": %.4f, ",
							 res.listed_name, r->relation, res.raw_name_score, res.name_score);
			appendStringInfoString(&s, "\"tokens\": [");
			in_tokens = true;
			continue;
		}
		if (strcmp(r->item, "token") == 0)
		{
			if (s.data[s.len - 1] != '[')
				appendStringInfoString(&s, ", ");
			appendStringInfoChar(&s, '{');
			json_key_string(&s, "traveller", r->traveller);
			appendStringInfoString(&s, ", ");
			json_key_string(&s, "listed", r->listed);
			appendStringInfo(&s, ", \"how\": \"%s\", \"similarity\": %.4f", r->relation, r->similarity);
			if (r->factor >= 0)
				appendStringInfo(&s, ", \"edits\": %.2f", r->factor);
			appendStringInfoChar(&s, '}');
			continue;
		}
		if (in_tokens)
		{
			appendStringInfoString(&s, "]}");
			in_tokens = false;
		}
		appendStringInfo(&s, ", \"%s\": {", r->item);
		json_key_string(&s, "traveller", r->traveller);
		appendStringInfoString(&s, ", ");
		json_key_string(&s, "listed", r->listed);
		appendStringInfo(&s, ", \"relation\": \"%s\"", r->relation);
		if (strcmp(r->item, "document") == 0)
		{
			if (r->factor >= 0)
				appendStringInfo(&s, ", \"raises_to\": %.4g", r->factor);
			else
				appendStringInfoString(&s, ", \"raises_to\": null");
		}
		else
			appendStringInfo(&s, ", \"factor\": %.4g", r->factor);
		appendStringInfoChar(&s, '}');
	}
	if (in_tokens)
		appendStringInfoString(&s, "]}");
	appendStringInfo(&s, ", \"unreadable\": {\"traveller\": [%s], \"listed\": [%s]}}",
					 t->unreadable.data, l->unreadable.data);
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(s.data)));
}

Datum
screening_explain_match_rows(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	person_read *t,
			   *l;
	const sc_profile *profile;
	sc_person_result res;
	explain_row rows[4 * SC_SCORE_MAX_TOKENS + 8];
	int			n,
				i;

	score_persons(fcinfo, true, &t, &l, &profile, &res);
	n = explain_rows(t, l, &res, rows, lengthof(rows));
	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i <= n; i++)
	{
		Datum		values[6];
		bool		nulls[6] = {false, false, false, false, false, false};

		if (i < n)
		{
			explain_row *r = &rows[i];

			values[0] = CStringGetTextDatum(r->item);
			if (r->traveller)
				values[1] = CStringGetTextDatum(r->traveller);
			else
				nulls[1] = true;
			if (r->listed)
				values[2] = CStringGetTextDatum(r->listed);
			else
				nulls[2] = true;
			values[3] = CStringGetTextDatum(r->relation);
			values[4] = Float4GetDatum((float4) r->similarity);
			nulls[4] = r->similarity < 0;
			values[5] = Float4GetDatum((float4) r->factor);
			nulls[5] = r->factor < 0;
		}
		else
		{
			/* the verdict: the score as similarity, the threshold as factor */
			values[0] = CStringGetTextDatum("score");
			values[1] = CStringGetTextDatum(profile->name);
			nulls[2] = true;
			values[3] = CStringGetTextDatum(res.match ? "match" : "no_match");
			values[4] = Float4GetDatum((float4) res.score);
			values[5] = Float4GetDatum(profile->threshold);
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* profile_threshold(profile text): the score at or above which the profile matches. */
Datum
screening_profile_threshold(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT4(profile_arg(fcinfo, 0)->threshold);
}
