/*
 * screening.c - module entry point and the error conventions of the SQL layer.
 *
 * The core never raises errors; it returns an sc_status.  This file is the one
 * place that maps those statuses to SQLSTATEs, so every function reports the
 * same condition the same way:
 *
 *   name longer than SC_MAX_NAME_BYTES   22001 string_data_right_truncation
 *   invalid UTF-8 (cannot come from a UTF8 database, kept for safety)
 *                                        22021 character_not_in_repertoire
 *   database not UTF8                    0A000 feature_not_supported
 *   ICU failure                          XX000 with the ICU call in the detail
 */
#include "screening.h"

#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/guc.h"

PG_MODULE_MAGIC;

/* Default threshold of the %~ / ~% operators; see the README's accuracy table. */
#define DEFAULT_MATCH_THRESHOLD SC_DEFAULT_THRESHOLD

double		screening_match_threshold = DEFAULT_MATCH_THRESHOLD;

void		_PG_init(void);

void
_PG_init(void)
{
	DefineCustomRealVariable("screening.match_threshold",
							 "Sets the name score at or above which the %~ and ~% operators match.",
							 "Valid range is 0.0 .. 1.0.  The IMMUTABLE forms (name_match, screening.name_query) take the threshold as an argument instead.",
							 &screening_match_threshold,
							 DEFAULT_MATCH_THRESHOLD, 0.0, 1.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
	DefineCustomIntVariable("screening.prepared_name_cache",
							"Sets the memory each backend may use to keep prepared listed names.",
							"Rechecks and joins meet the same listed names again and again; a cached name skips normalization.  0 turns the cache off.  It never changes a result.",
							&screening_prepared_name_cache_kb,
							32768, 0, 1024 * 1024,
							PGC_USERSET, GUC_UNIT_KB,
							NULL, NULL, NULL);
	MarkGUCPrefixReserved("screening");
	nameidx_init();

	/*
	 * Loaded by the postmaster (shared_preload_libraries): build the core's
	 * transliterators and tables once here, so that every backend inherits
	 * them at fork instead of building them during its first screenings.
	 * A failure only means a backend builds that piece itself, as without
	 * preloading; it is logged, not raised, so the server still starts.
	 */
	if (process_shared_preload_libraries_in_progress)
	{
		int			failed = sc_warm_up();

		if (failed != 0)
			ereport(LOG,
					(errmsg("screening could not prepare %d of its warm-up names at server start", failed),
					 errdetail("Backends build what is missing on first use.  Last error: %s",
							   sc_error_detail() ? sc_error_detail() : "out of memory")));
	}
}

/*
 * Every name function reads UTF-8.  CREATE EXTENSION refuses other encodings,
 * but a database can be restored elsewhere, so the functions check too.
 */
void
screening_check_encoding(void)
{
	if (GetDatabaseEncoding() != PG_UTF8)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("screening requires a UTF8 database"),
				 errdetail("The database encoding is %s.", GetDatabaseEncodingName()),
				 errhint("Create the database with ENCODING 'UTF8'.")));
}

void
screening_report(sc_status status, size_t input_len)
{
	switch (status)
	{
		case SC_ERR_TOO_LONG:
			ereport(ERROR,
					(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
					 errmsg("name is too long"),
					 errdetail("The name is %zu bytes; names are limited to %d bytes (and to %d bytes once transliterated).",
							   input_len, SC_MAX_NAME_BYTES, SC_NORM_BUFSIZE - 1)));
			break;
		case SC_ERR_BAD_UTF8:
			ereport(ERROR,
					(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
					 errmsg("invalid UTF-8 in name")));
			break;
		case SC_ERR_ICU:
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("ICU call failed while normalizing a name"),
					 errdetail("%s", sc_error_detail())));
			break;
		default:
			elog(ERROR, "screening core failed: %s (%s)", sc_status_message(status), sc_error_detail());
	}
	pg_unreachable();
}
