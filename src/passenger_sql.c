/*
 * passenger_sql.c - SQL functions that read passenger data: ICAO 9303 MRZs,
 * UN/EDIFACT PAXLST (API) and PNRGOV (PNR) messages.
 *
 * The parsing is in the core (sc_mrz.c, sc_edifact.c, sc_paxlst.c,
 * sc_pnrgov.c); this file turns records into rows.  The message readers are
 * set-returning functions for INSERT ... SELECT.  A message is all or
 * nothing: the core validates the whole message before it hands out the
 * first record, so a malformed one is an error (22P02, naming the segment
 * and its position) and never a partial set of rows.  Counts that do not
 * match (UNT, UNZ, CNT) are WARNINGs: real traffic gets them wrong.
 *
 * Two-digit years: the records carry the dates as sent (YYMMDD, DDMMMYY)
 * and as ISO dates placed by the message's own date (birth dates: the latest
 * year not after it; expiry dates: the earliest not before), so the result
 * depends on the message only and the functions stay IMMUTABLE.  An MRZ has
 * no date of its own: its birth date is placed by its expiry date.
 */
#include "screening.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"

#include "sc_mrz.h"

PG_FUNCTION_INFO_V1(screening_mrz_parse);

static Datum
text_or_null(const char *s, bool *isnull)
{
	*isnull = (s == NULL || s[0] == '\0');
	return *isnull ? (Datum) 0 : CStringGetTextDatum(s);
}

/* An ISO date from a YYMMDD (or DDMMMYY) string placed by reference_year, or NULL. */
static Datum
placed_date(const char *raw, int reference_year, bool *isnull)
{
	sc_date		d;
	char		buf[SC_DATE_TEXT_MAX];

	*isnull = true;
	if (raw == NULL || raw[0] == '\0' ||
		sc_date_parse(raw, strlen(raw), reference_year, &d) != SC_PARSE_OK)
		return (Datum) 0;
	sc_date_format(&d, buf, sizeof(buf));
	*isnull = false;
	return CStringGetTextDatum(buf);
}

/*
 * mrz_parse(mrz text): the fields of a TD1, TD2, TD3 or visa MRZ, every
 * check digit reported.  Failing check digits are data, not errors (an
 * analyst wants to see a forged or misread document); a text that is no MRZ
 * (wrong line count or length, characters outside A-Z 0-9 <) is 22P02.
 */
Datum
screening_mrz_parse(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	sc_mrz		m;
	TupleDesc	td;
	Datum		values[17];
	bool		nulls[17];
	int			expiry_year = 0;
	StringInfoData checks;
	int			i;

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "mrz_parse must return a record");
	if (sc_mrz_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &m) != SC_PARSE_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid MRZ"),
				 errdetail("%s.", sc_error_detail())));
	memset(nulls, 0, sizeof(nulls));
	values[0] = text_or_null(m.format, &nulls[0]);
	values[1] = text_or_null(m.document_code, &nulls[1]);
	values[2] = text_or_null(m.issuing_state, &nulls[2]);
	values[3] = text_or_null(m.surname, &nulls[3]);
	values[4] = text_or_null(m.given_names, &nulls[4]);
	values[5] = BoolGetDatum(m.name_truncated);
	values[6] = text_or_null(m.document_number, &nulls[6]);
	values[7] = text_or_null(m.nationality, &nulls[7]);
	values[8] = text_or_null(m.birth_date, &nulls[8]);
	/* documents expire in 19YY only when YY is 70 or more: they are all after 1970 */
	if (strlen(m.expiry_date) == 6 && m.expiry_date[0] >= '0' && m.expiry_date[0] <= '9' &&
		m.expiry_date[1] >= '0' && m.expiry_date[1] <= '9')
	{
		int			yy = (m.expiry_date[0] - '0') * 10 + (m.expiry_date[1] - '0');

		expiry_year = yy >= 70 ? 1900 + yy : 2000 + yy;
	}
	values[9] = placed_date(m.birth_date, expiry_year, &nulls[9]);
	{
		char		sex[2] = {m.sex, '\0'};

		values[10] = text_or_null(sex, &nulls[10]);
	}
	values[11] = text_or_null(m.expiry_date, &nulls[11]);
	nulls[12] = true;
	if (expiry_year > 0)
	{
		char		full[16];

		snprintf(full, sizeof(full), "%04d%s", expiry_year, m.expiry_date + 2);
		values[12] = placed_date(full, 0, &nulls[12]);
	}
	values[13] = text_or_null(m.optional1, &nulls[13]);
	values[14] = text_or_null(m.optional2, &nulls[14]);
	values[15] = BoolGetDatum(m.checks_valid);
	initStringInfo(&checks);
	appendStringInfoChar(&checks, '[');
	for (i = 0; i < m.nchecks; i++)
	{
		if (i > 0)
			appendStringInfoString(&checks, ", ");
		appendStringInfo(&checks, "{\"field\": \"%s\", \"expected\": \"%c\", \"computed\": \"%c\", \"valid\": %s}",
						 m.checks[i].field, m.checks[i].expected, m.checks[i].computed,
						 m.checks[i].valid ? "true" : "false");
	}
	appendStringInfoChar(&checks, ']');
	values[16] = DirectFunctionCall1(jsonb_in, CStringGetDatum(checks.data));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(td), values, nulls)));
}
