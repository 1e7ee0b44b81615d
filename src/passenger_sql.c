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
#include "miscadmin.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/tuplestore.h"

#include "sc_mrz.h"
#include "sc_paxlst.h"
#include "sc_pnrgov.h"

PG_FUNCTION_INFO_V1(screening_mrz_parse);
PG_FUNCTION_INFO_V1(screening_paxlst_passengers);
PG_FUNCTION_INFO_V1(screening_pnrgov_travellers);

/*
 * Cancellation while a reader runs: the core asks this every few hundred
 * segments and travellers and, on true, unwinds itself and returns
 * SC_PARSE_STOPPED (it never lets an error jump through its malloc'd state).
 * Only when the interrupt can be serviced right now, or the retry below
 * would spin.
 */
static bool
interrupt_pending(void)
{
	return InterruptPending && INTERRUPTS_CAN_BE_PROCESSED();
}

/*
 * After a stop: drop the rows emitted so far and service the interrupt; a
 * cancel or timeout raises here.  Anything else (a catch-up signal) returns,
 * and the message is read again from the start.
 */
static void
service_stop(ReturnSetInfo *rsinfo)
{
	tuplestore_clear(rsinfo->setResult);
	CHECK_FOR_INTERRUPTS();
}

/* Refuse a message over the cap before reading it (54000, not a syntax error). */
static void
check_message_size(const text *t, const char *kind)
{
	size_t		len = VARSIZE_ANY_EXHDR(t);

	if (len > SC_MAX_MESSAGE_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s message is too large", kind),
				 errdetail("The message is %zu bytes; messages are limited to %zu bytes.", len, SC_MAX_MESSAGE_BYTES),
				 errhint("Pass the interchanges (UNB ... UNZ) of a larger file one at a time.")));
}

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

/* ---- PAXLST ---- */

#define PAX_COLUMNS 27

static void
pax_warn(const char *message, void *arg)
{
	(void) arg;
	ereport(WARNING,
			(errcode(ERRCODE_WARNING),
			 errmsg("PAXLST: %s", message)));
}

static void
pax_emit(const sc_paxlst_person *p, void *arg)
{
	ReturnSetInfo *rsinfo = arg;
	Datum		v[PAX_COLUMNS];
	bool		n[PAX_COLUMNS];
	const char *texts[] = {
		p->message_ref, p->flight, p->departure_port, p->departure_time, p->arrival_port, p->arrival_time,
		p->party_type, p->surname, p->given_names, p->birth_date_raw, p->birth_date, p->gender,
		p->nationality, p->residence, p->birth_place, p->embarkation, p->debarkation, p->document_type,
		p->document_number, p->document_issuer, p->document_expiry_raw, p->document_expiry,
	};
	int			i;

	for (i = 0; i < (int) lengthof(texts); i++)
		v[i] = text_or_null(texts[i], &n[i]);
	v[22] = Int32GetDatum(p->other_documents);
	n[22] = false;
	v[23] = text_or_null(p->reservation_ref, &n[23]);
	v[24] = text_or_null(p->passenger_ref, &n[24]);
	v[25] = Int32GetDatum(p->segment);
	n[25] = false;
	v[26] = BoolGetDatum(p->truncated);
	n[26] = false;
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, n);
}

/*
 * paxlst_passengers(message text): one row per person of a PAXLST
 * interchange.  The core reads the whole interchange before the first row,
 * so a malformed message is an error (22P02, naming the segment and its
 * position) and never a partial result.
 */
Datum
screening_paxlst_passengers(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	sc_parse	r;

	check_message_size(t, "PAXLST");
	InitMaterializedSRF(fcinfo, 0);
	sc_should_stop = interrupt_pending;
	while ((r = sc_paxlst_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), pax_emit, pax_warn, rsinfo)) == SC_PARSE_STOPPED)
		service_stop(rsinfo);
	if (r != SC_PARSE_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid PAXLST message"),
				 errdetail("%s.", sc_error_detail())));
	return (Datum) 0;
}

/* ---- PNRGOV ---- */

#define PNR_COLUMNS 26

static void
pnr_warn(const char *message, void *arg)
{
	(void) arg;
	ereport(WARNING,
			(errcode(ERRCODE_WARNING),
			 errmsg("PNRGOV: %s", message)));
}

static void
pnr_emit(const sc_pnrgov_traveller *t, void *arg)
{
	ReturnSetInfo *rsinfo = arg;
	Datum		v[PNR_COLUMNS];
	bool		n[PNR_COLUMNS];
	const char *texts[] = {
		t->message_ref, t->flight, t->flight_date, t->departure_port, t->arrival_port, t->booking_ref,
		t->surname, t->given_names_raw, t->given_names, t->title, t->traveller_type, t->traveller_ref,
		t->document_type, t->document_issuer, t->document_number, t->nationality, t->birth_date_raw,
		t->birth_date, t->gender, t->document_expiry_raw, t->document_expiry, t->docs_surname,
		t->docs_given_names, t->itinerary,
	};
	int			i;

	for (i = 0; i < (int) lengthof(texts); i++)
		v[i] = text_or_null(texts[i], &n[i]);
	v[24] = Int32GetDatum(t->segment);
	n[24] = false;
	v[25] = BoolGetDatum(t->truncated);
	n[25] = false;
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, n);
}

/* pnrgov_travellers(message text): one row per traveller of a PNRGOV push; all or nothing as paxlst_passengers. */
Datum
screening_pnrgov_travellers(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	sc_parse	r;

	check_message_size(t, "PNRGOV");
	InitMaterializedSRF(fcinfo, 0);
	sc_should_stop = interrupt_pending;
	while ((r = sc_pnrgov_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), pnr_emit, pnr_warn, rsinfo)) == SC_PARSE_STOPPED)
		service_stop(rsinfo);
	if (r != SC_PARSE_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid PNRGOV message"),
				 errdetail("%s.", sc_error_detail())));
	return (Datum) 0;
}
