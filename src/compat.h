/*
 * compat.h - every difference between the PostgreSQL versions screening builds against.
 *
 * PostgreSQL 13 to 17 must keep compiling; 15 is what runs in CI.  Version
 * conditionals live here and nowhere else (the approach of Citus's
 * pg_version_compat.h), so the rest of the code reads as if there were one
 * PostgreSQL.
 */
#ifndef SCREENING_COMPAT_H
#define SCREENING_COMPAT_H

#include "postgres.h"

#if PG_VERSION_NUM < 130000
#error "screening requires PostgreSQL 13 or later"
#endif

/* PostgreSQL 16 moved the varlena macros out of postgres.h. */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

/* PostgreSQL 14 added indexUnchanged to aminsert. */
#if PG_VERSION_NUM >= 140000
#define AMINSERT_UNCHANGED_PARAM bool indexUnchanged pg_attribute_unused(),
#else
#define AMINSERT_UNCHANGED_PARAM
#endif

/*
 * Index AM fields added after 13: PostgreSQL 16 added amsummarizing, 17
 * amcanbuildparallel and aminsertcleanup.  The handler sets them here.
 */
#if PG_VERSION_NUM >= 170000
#define SCREENING_AM_EXTRA_CAPABILITIES(r) ((r)->amsummarizing = false, (r)->amcanbuildparallel = false)
#define SCREENING_AM_EXTRA_FUNCTIONS(r) ((r)->aminsertcleanup = NULL)
#elif PG_VERSION_NUM >= 160000
#define SCREENING_AM_EXTRA_CAPABILITIES(r) ((r)->amsummarizing = false)
#define SCREENING_AM_EXTRA_FUNCTIONS(r) ((void) (r))
#else
#define SCREENING_AM_EXTRA_CAPABILITIES(r) ((void) (r))
#define SCREENING_AM_EXTRA_FUNCTIONS(r) ((void) (r))
#endif

/* PostgreSQL 15 replaced tuplesort's randomAccess flag with option bits. */
#if PG_VERSION_NUM >= 150000
#define SCREENING_TUPLESORT_NONE TUPLESORT_NONE
#else
#define SCREENING_TUPLESORT_NONE false
#endif

/* PostgreSQL 16 renamed RelFileNode to RelFileLocator in the smgr. */
#if PG_VERSION_NUM >= 160000
#define SCREENING_SMGR_LOCATOR(smgr) ((smgr)->smgr_rlocator.locator)
#else
#define SCREENING_SMGR_LOCATOR(smgr) ((smgr)->smgr_rnode.node)
#endif

/* PostgreSQL 16 folded the per-catalog owner checks into object_ownercheck. */
#if PG_VERSION_NUM >= 160000
#define screening_table_ownercheck(relid, roleid) object_ownercheck(RelationRelationId, (relid), (roleid))
#else
#define screening_table_ownercheck(relid, roleid) pg_class_ownercheck((relid), (roleid))
#endif

/* PostgreSQL 15 renamed EmitWarningsOnPlaceholders. */
#if PG_VERSION_NUM < 150000
#define MarkGUCPrefixReserved(prefix) EmitWarningsOnPlaceholders(prefix)
#endif

/*
 * PostgreSQL 15 added InitMaterializedSRF; before it, a materialized
 * set-returning function built its tuplestore by hand.
 */
#if PG_VERSION_NUM < 150000
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/tuplestore.h"

static inline void
InitMaterializedSRF(FunctionCallInfo fcinfo, bits32 flags)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext oldcontext;
	TupleDesc	tupdesc;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	oldcontext = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = tuplestore_begin_heap(true, false, work_mem);
	rsinfo->setDesc = CreateTupleDescCopy(tupdesc);
	MemoryContextSwitchTo(oldcontext);
}
#endif

#endif							/* SCREENING_COMPAT_H */
