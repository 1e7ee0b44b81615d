/*
 * dictionary.c - the scorer's token knowledge, loaded from the extension's tables.
 *
 * screening.name_equivalents (given-name equivalences and nicknames) and
 * screening.token_frequencies (token rarity) are ordinary tables that users
 * extend.  The scorer is called millions of times per query, so each backend
 * builds the core's dictionary (sc_dict.c) from them once and keeps it until
 * one of the tables changes:
 *
 *  - a statement trigger on each table calls dictionary_changed(), which
 *    queues a relcache invalidation for the table; at commit PostgreSQL
 *    delivers it to every backend, whose relcache callback here marks the
 *    dictionary stale.  So a change is seen by every session as soon as it
 *    commits, and a rolled-back change by none.
 *  - the dictionary is rebuilt lazily, through SPI, by the next call that
 *    needs it.  Rows are read as the calling user, who needs SELECT on the
 *    two tables (granted to PUBLIC by the install script).
 *
 * name_score and the match operators are IMMUTABLE although they read these
 * tables, in the way to_tsvector and unaccent are IMMUTABLE although their
 * dictionaries can change: the README says to REINDEX and rescore after
 * changing them.  Legal forms are not user-editable and come compiled in.
 */
#include "screening.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "funcapi.h"

#include "sc_score.h"
#include "sc_tables.h"

PG_FUNCTION_INFO_V1(screening_dictionary_changed);

static sc_dict *current_dict = NULL;
static bool dict_valid = false;
static uint64 dict_generation = 0;
static bool callback_registered = false;

/* OIDs of the two tables, found when the dictionary is loaded. */
static Oid	equivalents_relid = InvalidOid;
static Oid	frequencies_relid = InvalidOid;

static void
dictionary_invalidate(Datum arg, Oid relid)
{
	(void) arg;
	/* InvalidOid: the whole relcache was reset */
	if (relid == InvalidOid || relid == equivalents_relid || relid == frequencies_relid)
		dict_valid = false;
}

/*
 * Token shares, through a cursor in batches and read as datums: a list's own
 * frequency table has a row for nearly every token of the list (359,162 for
 * a 1M-name list), and materializing all of them as strings took most of the
 * 0.75 s a backend spent on its first score.
 */
static void
load_shares(sc_dict *d)
{
	SPIPlanPtr	plan = SPI_prepare("SELECT token, share FROM screening.token_frequencies", 0, NULL);
	Portal		portal;

	if (plan == NULL)
		elog(ERROR, "could not read the screening dictionary: %s", SPI_result_code_string(SPI_result));
	portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);
	for (;;)
	{
		uint64		i;

		SPI_cursor_fetch(portal, true, 10000);
		if (SPI_processed == 0)
			break;
		for (i = 0; i < SPI_processed; i++)
		{
			HeapTuple	tup = SPI_tuptable->vals[i];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			bool		null1,
						null2;
			Datum		token = SPI_getbinval(tup, desc, 1, &null1);
			Datum		share = SPI_getbinval(tup, desc, 2, &null2);
			text	   *t;

			if (null1 || null2)
				continue;
			t = DatumGetTextPP(token);
			/* the table's checks keep tokens short and shares in (0, 1]: a refusal is memory */
			if (!sc_dict_set_share(d, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), DatumGetFloat4(share)))
				ereport(ERROR,
						(errcode(ERRCODE_OUT_OF_MEMORY),
						 errmsg("out of memory loading the screening dictionary")));
		}
		SPI_freetuptable(SPI_tuptable);
		CHECK_FOR_INTERRUPTS();
	}
	SPI_cursor_close(portal);
}

/* The given-name equivalences (a few thousand rows). */
static void
load_equivalents(sc_dict *d)
{
	uint64		i;
	int			rc = SPI_execute("SELECT class, name FROM screening.name_equivalents", true, 0);

	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not read the screening dictionary: %s", SPI_result_code_string(rc));
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		char	   *a = SPI_getvalue(tup, desc, 1);
		char	   *b = SPI_getvalue(tup, desc, 2);

		if (a == NULL || b == NULL)
			continue;
		/* the table's checks keep names to one short token: a refusal is memory */
		if (!sc_dict_add_equivalent(d, a, strlen(a), b, strlen(b)))
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory loading the screening dictionary")));
	}
}

/*
 * The dictionary for this backend, built from the tables on first use and
 * after every committed change to them.  *generation changes with it, so
 * callers can tell that names they prepared with an older one are stale.
 */
const sc_dict *
screening_dictionary(uint64 *generation)
{
	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(dictionary_invalidate, (Datum) 0);
		callback_registered = true;
	}
	if (!dict_valid || current_dict == NULL)
	{
		sc_dict    *d = sc_dict_new(SC_DICT_LEGAL);

		if (d == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory building the screening dictionary")));
		PG_TRY();
		{
			Oid			nsp;

			if (SPI_connect() != SPI_OK_CONNECT)
				elog(ERROR, "SPI_connect failed");
			/* legal forms always come from the compiled table */
			nsp = get_namespace_oid("screening", false);
			equivalents_relid = get_relname_relid("name_equivalents", nsp);
			frequencies_relid = get_relname_relid("token_frequencies", nsp);
			load_equivalents(d);
			load_shares(d);
			SPI_finish();
		}
		PG_CATCH();
		{
			sc_dict_free(d);
			PG_RE_THROW();
		}
		PG_END_TRY();
		sc_dict_free(current_dict);
		current_dict = d;
		dict_valid = true;
		dict_generation++;
	}
	if (generation)
		*generation = dict_generation;
	return current_dict;
}

/* Statement trigger on the dictionary tables: tell every backend at commit. */
Datum
screening_dictionary_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("dictionary_changed() must be called as a trigger")));
	CacheInvalidateRelcache(trigdata->tg_relation);
	/* this backend sees its own uncommitted change right away */
	dict_valid = false;
	return PointerGetDatum(NULL);
}

/* ---- the built-in rows, to seed the tables at CREATE EXTENSION ---- */

PG_FUNCTION_INFO_V1(screening_builtin_name_equivalents);
PG_FUNCTION_INFO_V1(screening_builtin_token_frequencies);

/* Emit the given columns of a compiled table as a set of text rows. */
static void
emit_table(FunctionCallInfo fcinfo, const sc_table *t, const char *const *columns, int ncolumns)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			cols[8];
	int			row;
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < ncolumns; i++)
	{
		cols[i] = sc_table_column(t, columns[i]);
		if (cols[i] < 0)
			elog(ERROR, "compiled table \"%s\" has no column \"%s\"", t->name, columns[i]);
	}
	for (row = 0; row < t->nrows; row++)
	{
		Datum		values[8];
		bool		nulls[8] = {false};

		for (i = 0; i < ncolumns; i++)
			values[i] = CStringGetTextDatum(sc_table_cell(t, row, cols[i]));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

/* builtin_name_equivalents() RETURNS TABLE (class text, name text, relation text) */
Datum
screening_builtin_name_equivalents(PG_FUNCTION_ARGS)
{
	static const char *const columns[] = {"class", "name", "relation"};

	emit_table(fcinfo, &sc_table_name_equivalents, columns, 3);
	return (Datum) 0;
}

/* builtin_token_frequencies() RETURNS TABLE (token text, share text) */
Datum
screening_builtin_token_frequencies(PG_FUNCTION_ARGS)
{
	static const char *const columns[] = {"token", "share"};

	emit_table(fcinfo, &sc_table_token_frequencies, columns, 2);
	return (Datum) 0;
}
