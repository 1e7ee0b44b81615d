/*
 * normalize_sql.c - SQL functions of the normalization layer.
 *
 * Thin wrappers: take text, call the core (sc_normalize.c and friends), return
 * text, text[] or a set.  All are IMMUTABLE STRICT PARALLEL SAFE in SQL: the
 * result depends only on the argument, the project's tables compiled into the
 * library and, for some scripts, the ICU version (see icu_version and the
 * README on reindexing after an ICU upgrade).  Each call works on at most
 * SC_MAX_NAME_BYTES of input, so none needs CHECK_FOR_INTERRUPTS.
 */
#include "screening.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(screening_name_normalize);
PG_FUNCTION_INFO_V1(screening_name_tokens);
PG_FUNCTION_INFO_V1(screening_name_token_kinds);
PG_FUNCTION_INFO_V1(screening_name_variants);
PG_FUNCTION_INFO_V1(screening_name_script);
PG_FUNCTION_INFO_V1(screening_name_skeleton);
PG_FUNCTION_INFO_V1(screening_icu_version);
PG_FUNCTION_INFO_V1(screening_normalization_version);

/* Normalize a text datum into buf (SC_NORM_BUFSIZE bytes); errors are reported. */
static size_t
normalize_text(text *t, char *buf)
{
	size_t		outlen;
	sc_status	st;

	screening_check_encoding();
	st = sc_name_normalize(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), buf, &outlen);
	if (st != SC_OK)
		screening_report(st, VARSIZE_ANY_EXHDR(t));
	return outlen;
}

Datum
screening_name_normalize(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	char	   *buf = palloc(SC_NORM_BUFSIZE);
	size_t		len = normalize_text(t, buf);

	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, len));
}

Datum
screening_name_tokens(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	char	   *buf = palloc(SC_NORM_BUFSIZE);
	size_t		len = normalize_text(t, buf);
	sc_token   *tokens = palloc(sizeof(sc_token) * SC_MAX_TOKENS);
	int			n = sc_tokenize(buf, len, tokens, SC_MAX_TOKENS);
	Datum	   *elems;
	int			i;

	if (n < 0)
		elog(ERROR, "normalized name has more tokens than its length allows");
	elems = palloc(sizeof(Datum) * (n > 0 ? n : 1));
	for (i = 0; i < n; i++)
		elems[i] = PointerGetDatum(cstring_to_text_with_len(buf + tokens[i].off, tokens[i].len));
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/* name_token_kinds(name) RETURNS TABLE (pos int, token text, kind text) */
Datum
screening_name_token_kinds(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *t = PG_GETARG_TEXT_PP(0);
	char	   *buf = palloc(SC_NORM_BUFSIZE);
	size_t		len = normalize_text(t, buf);
	sc_token   *tokens = palloc(sizeof(sc_token) * SC_MAX_TOKENS);
	int			n = sc_tokenize(buf, len, tokens, SC_MAX_TOKENS);
	int			i;

	if (n < 0)
		elog(ERROR, "normalized name has more tokens than its length allows");
	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < n; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = Int32GetDatum(i + 1);
		values[1] = PointerGetDatum(cstring_to_text_with_len(buf + tokens[i].off, tokens[i].len));
		values[2] = CStringGetTextDatum(sc_token_kind_name((sc_token_kind) tokens[i].kind));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

Datum
screening_name_variants(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	sc_variant_set *set = palloc(sizeof(sc_variant_set));
	Datum	   *elems;
	sc_status	st;
	int			i;

	screening_check_encoding();
	st = sc_name_variants(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), set);
	if (st != SC_OK)
		screening_report(st, VARSIZE_ANY_EXHDR(t));
	elems = palloc(sizeof(Datum) * SC_MAX_VARIANTS);
	for (i = 0; i < set->n; i++)
		elems[i] = PointerGetDatum(cstring_to_text_with_len(set->v[i], set->len[i]));
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, set->n, TEXTOID, -1, false, TYPALIGN_INT));
}

Datum
screening_name_script(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *script;
	sc_status	st;

	screening_check_encoding();
	st = sc_name_script(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &script);
	if (st != SC_OK)
		screening_report(st, VARSIZE_ANY_EXHDR(t));
	PG_RETURN_TEXT_P(cstring_to_text(script));
}

Datum
screening_name_skeleton(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	char	   *buf = palloc(SC_NORM_BUFSIZE);
	size_t		len;
	sc_status	st;

	screening_check_encoding();
	st = sc_name_skeleton(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), buf, &len);
	if (st != SC_OK)
		screening_report(st, VARSIZE_ANY_EXHDR(t));
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, len));
}

Datum
screening_icu_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(sc_icu_version()));
}

Datum
screening_normalization_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(SC_NORMALIZATION_VERSION);
}
