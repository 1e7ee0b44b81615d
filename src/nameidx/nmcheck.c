/*
 * nmcheck.c - nameidx_check(): verify a nameidx index the way amcheck verifies B-trees; nameidx_stats().
 *
 * nameidx_check(index regclass, heapallindexed boolean DEFAULT false) walks
 * the whole index under the maintenance lock (writers wait, scans do not)
 * and raises ERRCODE_INDEX_CORRUPTED at the first broken invariant:
 *
 *   metapage   magic, format, the name rules the keys were made with, the
 *              frozen options within their bounds;
 *   pages      every page belongs to exactly one structure (metapage,
 *              directory chain, run, pending chain) or is free; chains end;
 *              every page carries the kind and generation its structure has;
 *   directory  as many entries as run pages, fences in order;
 *   run        every page decodes, its postings lie between its fence and
 *              the next page's, and (key, TID) strictly increases across the
 *              whole run; the entry count matches the metapage;
 *   pending    page and entry counts and the tail match the metapage;
 *   rows       every row has exactly one ROW posting, every other posting
 *              belongs to such a row, the row count matches the metapage,
 *              and every TID points inside the table.
 *
 * With heapallindexed, it then reads the table with an MVCC snapshot taken
 * before the walk and checks that every visible row has every posting its
 * name calls for: the walk puts all postings in a Bloom filter (as amcheck
 * does, bounded by maintenance_work_mem), and a posting the filter lacks is
 * certainly missing.  Pages a crash left unreferenced are counted, not
 * reported: VACUUM reclaims them.
 *
 * Both functions are for the index's owner and superusers (the SQL script
 * revokes them from PUBLIC): they read every page.
 */
#include "nameidx.h"

#include "access/heapam.h"
#include "access/xlog.h"
#include "access/htup_details.h"
#include "access/tableam.h"
#include "catalog/index.h"
#include "catalog/pg_am.h"
#include "catalog/pg_class.h"
#include "funcapi.h"
#include <math.h>
#include "lib/bloomfilter.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

PG_FUNCTION_INFO_V1(screening_nameidx_check);
PG_FUNCTION_INFO_V1(screening_nameidx_stats);
PG_FUNCTION_INFO_V1(screening_nameidx_candidates);

typedef struct CheckState
{
	Relation	index;
	Relation	heap;
	BlockNumber nblocks;		/* of the index */
	BlockNumber heap_blocks;
	uint8	   *owner;			/* per index block: which structure holds it */
	NameidxMetaPageData meta;
	/* run walk */
	bool		have_prev;
	uint32		prev_key;
	uint64		prev_tid;
	uint32		page_fence;
	uint32		next_fence;		/* fence of the following page, or UINT32_MAX */
	BlockNumber blkno;
	uint64		run_entries;
	BlockNumber run_pages;
	/* rows */
	uint64	   *rows;			/* ROW TIDs */
	int64		nrows;
	int64		maxrows;
	uint64	   *others;			/* TIDs of other postings, checked against rows at the end */
	int64		nothers;
	int64		maxothers;
	bloom_filter *bloom;
	/* counts */
	BlockNumber dir_pages;
	BlockNumber pending_pages;
	BlockNumber free_pages;
	BlockNumber orphan_pages;
	uint64		pending_entries;
	uint64		distinct_keys;
	int64		heap_checked;
} CheckState;

enum
{
	OWNER_NONE = 0, OWNER_META, OWNER_DIRECTORY, OWNER_RUN, OWNER_PENDING
};

static void corrupt(CheckState *cs, BlockNumber blk, const char *fmt,...) pg_attribute_printf(3, 4) pg_attribute_noreturn();

static void
corrupt(CheckState *cs, BlockNumber blk, const char *fmt,...)
{
	char		buf[512];
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ereport(ERROR,
			(errcode(ERRCODE_INDEX_CORRUPTED),
			 errmsg("index \"%s\" is corrupt at block %u: %s",
					RelationGetRelationName(cs->index), blk, buf),
			 errhint("REINDEX the index.")));
}

static void
claim(CheckState *cs, BlockNumber blk, uint8 owner)
{
	if (blk >= cs->nblocks)
		corrupt(cs, blk, "a chain points past the end of the index (%u blocks)", cs->nblocks);
	if (cs->owner[blk] != OWNER_NONE)
		corrupt(cs, blk, "the page is reached twice (a loop, or two structures share it)");
	cs->owner[blk] = owner;
}

static void
push_tid(uint64 **arr, int64 *n, int64 *max, uint64 tid)
{
	if (*n == *max)
	{
		*max = Max(1024, *max * 2);
		*arr = *arr ? repalloc_huge(*arr, sizeof(uint64) * *max)
			: palloc_extended(sizeof(uint64) * *max, MCXT_ALLOC_HUGE);
	}
	(*arr)[(*n)++] = tid;
}

static void
check_tid(CheckState *cs, BlockNumber blk, uint64 tid)
{
	ItemPointerData ip;

	NameidxIntToTid(tid, &ip);
	if (ItemPointerGetOffsetNumberNoCheck(&ip) < FirstOffsetNumber ||
		ItemPointerGetOffsetNumberNoCheck(&ip) > MaxHeapTuplesPerPage)
		corrupt(cs, blk, "a posting holds the invalid offset %u", ItemPointerGetOffsetNumberNoCheck(&ip));
	if (ItemPointerGetBlockNumberNoCheck(&ip) >= cs->heap_blocks)
		corrupt(cs, blk, "a posting points to table block %u, past the table's end (%u blocks)",
				ItemPointerGetBlockNumberNoCheck(&ip), cs->heap_blocks);
}

static void
note_posting(CheckState *cs, BlockNumber blk, uint32 key, uint64 tid)
{
	check_tid(cs, blk, tid);
	if (key == NAMEIDX_ROW_KEY)
		push_tid(&cs->rows, &cs->nrows, &cs->maxrows, tid);
	else
		push_tid(&cs->others, &cs->nothers, &cs->maxothers, tid);
	if (cs->bloom)
	{
		unsigned char elem[12];

		memcpy(elem, &key, 4);
		memcpy(elem + 4, &tid, 8);
		bloom_add_element(cs->bloom, elem, sizeof(elem));
	}
}

static bool
check_run_posting(uint32 key, uint64 tid, void *arg)
{
	CheckState *cs = arg;

	if (key < cs->page_fence || key > cs->next_fence)
		corrupt(cs, cs->blkno, "key %u lies outside the page's fences %u .. %u", key, cs->page_fence, cs->next_fence);
	if (cs->have_prev && (key < cs->prev_key || (key == cs->prev_key && tid <= cs->prev_tid)))
		corrupt(cs, cs->blkno, "the run is out of order at key %u", key);
	if (!cs->have_prev || key != cs->prev_key)
		cs->distinct_keys++;
	cs->have_prev = true;
	cs->prev_key = key;
	cs->prev_tid = tid;
	cs->run_entries++;
	note_posting(cs, cs->blkno, key, tid);
	return true;
}

/* Read a page of the index for the check: pinned and share-locked. */
static Page
check_read(CheckState *cs, BlockNumber blk, Buffer *buf)
{
	*buf = ReadBuffer(cs->index, blk);
	LockBuffer(*buf, BUFFER_LOCK_SHARE);
	return BufferGetPage(*buf);
}

/*
 * Could a page of this kind and generation belong to the live structure?
 * Pending pages carry the structure's generation, run and directory pages
 * their run's.  A page that could but is not referenced is corruption; any
 * other unreferenced page is an orphan an interrupted merge left (a crash
 * after the metapage switch and before the old pages were freed leaves the
 * old pending pages, whose generation a remaining run may share).
 */
static bool
live_generation(const NameidxMetaPageData *meta, uint16 flags, uint32 generation)
{
	uint32		r;

	if (flags & NAMEIDX_PENDING)
		return generation == meta->generation;
	for (r = 0; r < meta->nruns && r < NAMEIDX_MAX_RUNS; r++)
		if (meta->runs[r].generation == generation)
			return true;
	return false;
}

static void
walk_index(CheckState *cs)
{
	NameidxMetaPageData *meta = &cs->meta;
	BlockNumber blk;
	BlockNumber last = InvalidBlockNumber;
	Buffer		buf;
	Page		page;
	int64		i;
	int			r;

	NameidxReadMeta(cs->index, meta);
	claim(cs, NAMEIDX_METAPAGE_BLKNO, OWNER_META);
	if (meta->pending_pages_limit < NAMEIDX_MIN_PENDING_PAGES || meta->pending_pages_limit > NAMEIDX_MAX_PENDING_PAGES ||
		meta->fillfactor < NAMEIDX_MIN_FILLFACTOR || meta->fillfactor > NAMEIDX_MAX_FILLFACTOR)
		corrupt(cs, 0, "frozen options out of bounds (pending_pages %d, fillfactor %d)",
				meta->pending_pages_limit, meta->fillfactor);
	if (meta->generation == 0)
		corrupt(cs, 0, "generation 0");

	if (meta->nruns > NAMEIDX_MAX_RUNS)
		corrupt(cs, 0, "%u runs, more than %d", meta->nruns, NAMEIDX_MAX_RUNS);
	for (r = 0; r < (int) meta->nruns; r++)
	{
		const NameidxRunInfo *run = &meta->runs[r];
		uint64		entries_before = cs->run_entries;
		int64		rows_before = cs->nrows;
		NameidxDirEntry *dir;
		int			ndir = 0;
		int			q;

		if (run->generation == 0 || run->generation > meta->last_generation)
			corrupt(cs, 0, "run %d has generation %u (last handed out %u)", r, run->generation, meta->last_generation);
		for (q = 0; q < r; q++)
			if (meta->runs[q].generation == run->generation)
				corrupt(cs, 0, "runs %d and %d share generation %u", q, r, run->generation);

		/* its directory */
		dir = palloc(sizeof(NameidxDirEntry) * (Size) Max(run->npages, 1));
		for (blk = run->dir_head; blk != InvalidBlockNumber;)
		{
			int			count;

			CHECK_FOR_INTERRUPTS();
			claim(cs, blk, OWNER_DIRECTORY);
			page = check_read(cs, blk, &buf);
			if (!NameidxPageValid(page, NAMEIDX_DIRECTORY, run->generation))
				corrupt(cs, blk, "expected a directory page of generation %u", run->generation);
			count = NameidxPageGetUsed(page) / sizeof(NameidxDirEntry);
			if (NameidxPageGetUsed(page) % sizeof(NameidxDirEntry) != 0)
				corrupt(cs, blk, "a directory page holds a partial entry");
			if (ndir + count > (int) run->npages)
				corrupt(cs, blk, "the directory lists more pages than the run's %u", run->npages);
			memcpy(dir + ndir, NameidxPageGetContents(page), sizeof(NameidxDirEntry) * count);
			ndir += count;
			blk = NameidxPageGetOpaque(page)->next;
			UnlockReleaseBuffer(buf);
			cs->dir_pages++;
		}
		if (ndir != (int) run->npages)
			corrupt(cs, run->dir_head, "the directory lists %d pages, the metapage %u", ndir, run->npages);

		/* its pages, in posting order */
		cs->have_prev = false;
		for (i = 0; i < ndir; i++)
		{
			CHECK_FOR_INTERRUPTS();
			if (i > 0 && dir[i].fence < dir[i - 1].fence)
				corrupt(cs, dir[i].blkno, "directory fences out of order");
			claim(cs, dir[i].blkno, OWNER_RUN);
			cs->run_pages++;
			page = check_read(cs, dir[i].blkno, &buf);
			if (!NameidxPageValid(page, NAMEIDX_RUN, run->generation))
				corrupt(cs, dir[i].blkno, "expected a run page of generation %u", run->generation);
			cs->blkno = dir[i].blkno;
			cs->page_fence = dir[i].fence;
			cs->next_fence = i + 1 < ndir ? dir[i + 1].fence : PG_UINT32_MAX;
			if (!NameidxDecodeRun(NameidxPageGetContents(page), NameidxPageGetUsed(page), check_run_posting, cs))
				corrupt(cs, dir[i].blkno, "a run page does not decode");
			UnlockReleaseBuffer(buf);
		}
		pfree(dir);
		if (cs->run_entries - entries_before != run->entries)
			corrupt(cs, 0, "run %d holds %llu postings, the metapage says %llu", r,
					(unsigned long long) (cs->run_entries - entries_before), (unsigned long long) run->entries);
		if ((uint64) (cs->nrows - rows_before) != run->rows)
			corrupt(cs, 0, "run %d indexes %lld rows, the metapage says %llu", r,
					(long long) (cs->nrows - rows_before), (unsigned long long) run->rows);
	}

	/* pending list */
	for (blk = meta->pending_head; blk != InvalidBlockNumber;)
	{
		int			n,
					k;
		char	   *data;

		CHECK_FOR_INTERRUPTS();
		claim(cs, blk, OWNER_PENDING);
		page = check_read(cs, blk, &buf);
		if (!NameidxPageValid(page, NAMEIDX_PENDING, meta->generation))
			corrupt(cs, blk, "expected a pending page of generation %u", meta->generation);
		if (NameidxPageGetUsed(page) % NAMEIDX_PENDING_ENTRY_SIZE != 0)
			corrupt(cs, blk, "a pending page holds a partial entry");
		n = NameidxPageGetUsed(page) / NAMEIDX_PENDING_ENTRY_SIZE;
		data = NameidxPageGetContents(page);
		for (k = 0; k < n; k++)
		{
			uint32		key;
			ItemPointerData ip;

			memcpy(&key, data + k * NAMEIDX_PENDING_ENTRY_SIZE, sizeof(uint32));
			memcpy(&ip, data + k * NAMEIDX_PENDING_ENTRY_SIZE + sizeof(uint32), sizeof(ItemPointerData));
			note_posting(cs, blk, key, NameidxTidToInt(&ip));
		}
		cs->pending_entries += n;
		cs->pending_pages++;
		last = blk;
		blk = NameidxPageGetOpaque(page)->next;
		UnlockReleaseBuffer(buf);
	}
	if (cs->pending_pages != meta->npending_pages || last != meta->pending_tail ||
		cs->pending_entries != meta->pending_entries)
		corrupt(cs, 0, "the pending list has %u pages and %llu entries ending at %u; the metapage says %u, %llu, %u",
				cs->pending_pages, (unsigned long long) cs->pending_entries, last,
				meta->npending_pages, (unsigned long long) meta->pending_entries, meta->pending_tail);

	/* every other page is free, or an orphan a crash left (VACUUM reclaims those) */
	for (blk = 0; blk < cs->nblocks; blk++)
	{
		if (cs->owner[blk] != OWNER_NONE)
			continue;
		page = check_read(cs, blk, &buf);
		if (PageIsNew(page) ||
			(PageGetSpecialSize(page) == MAXALIGN(sizeof(NameidxPageOpaqueData)) &&
			 NameidxPageGetOpaque(page)->nameidx_page_id == NAMEIDX_PAGE_ID &&
			 (NameidxPageGetOpaque(page)->flags & NAMEIDX_DELETED)))
			cs->free_pages++;
		else if (PageGetSpecialSize(page) == MAXALIGN(sizeof(NameidxPageOpaqueData)) &&
				 NameidxPageGetOpaque(page)->nameidx_page_id == NAMEIDX_PAGE_ID &&
				 !live_generation(meta, NameidxPageGetOpaque(page)->flags, NameidxPageGetOpaque(page)->generation))
			cs->orphan_pages++;
		else
			corrupt(cs, blk, "a page of a live run or pending list that no structure references");
		UnlockReleaseBuffer(buf);
	}

	/* rows: one ROW posting each, and every other posting belongs to one */
	qsort(cs->rows, cs->nrows, sizeof(uint64), NameidxCompareTids);
	for (i = 1; i < cs->nrows; i++)
		if (cs->rows[i] == cs->rows[i - 1])
		{
			ItemPointerData ip;

			NameidxIntToTid(cs->rows[i], &ip);
			corrupt(cs, 0, "row (%u,%u) has two ROW postings",
					ItemPointerGetBlockNumberNoCheck(&ip), ItemPointerGetOffsetNumberNoCheck(&ip));
		}
	if ((uint64) cs->nrows != meta->nrows)
		corrupt(cs, 0, "%lld rows are indexed, the metapage says %llu",
				(long long) cs->nrows, (unsigned long long) meta->nrows);
	for (i = 0; i < cs->nothers; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (bsearch(&cs->others[i], cs->rows, cs->nrows, sizeof(uint64), NameidxCompareTids) == NULL)
		{
			ItemPointerData ip;

			NameidxIntToTid(cs->others[i], &ip);
			corrupt(cs, 0, "a posting for row (%u,%u), which has no ROW posting",
					ItemPointerGetBlockNumberNoCheck(&ip), ItemPointerGetOffsetNumberNoCheck(&ip));
		}
	}
}

/* heapallindexed: each visible row's postings must all be in the filter. */
static void
heap_callback(Relation index, ItemPointer tid, Datum *values, bool *isnull,
			  bool tupleIsAlive pg_attribute_unused(), void *state)
{
	CheckState *cs = state;
	uint32	   *keys = palloc(sizeof(uint32) * NAMEIDX_MAX_ROW_KEYS);
	int			n = NameidxRowKeys(values[0], isnull[0], keys);
	uint64		t = NameidxTidToInt(tid);
	int			i;

	for (i = 0; i < n; i++)
	{
		unsigned char elem[12];

		memcpy(elem, &keys[i], 4);
		memcpy(elem + 4, &t, 8);
		if (bloom_lacks_element(cs->bloom, elem, sizeof(elem)))
			ereport(ERROR,
					(errcode(ERRCODE_INDEX_CORRUPTED),
					 errmsg("index \"%s\" lacks a posting (key %u) for table row (%u,%u)",
							RelationGetRelationName(index), keys[i],
							ItemPointerGetBlockNumber(tid), ItemPointerGetOffsetNumber(tid)),
					 errhint("REINDEX the index.")));
	}
	pfree(keys);
	cs->heap_checked++;
}

/* Open the index and its table, checking that it is a nameidx index the user may check. */
static void
open_for_check(Oid indexoid, CheckState *cs)
{
	Oid			heapoid = IndexGetRelation(indexoid, true);
	Relation	index;

	if (!OidIsValid(heapoid))
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("\"%s\" is not an index", get_rel_name(indexoid) ? get_rel_name(indexoid) : "?")));
	/* the table first, as everywhere else, to avoid deadlocks */
	cs->heap = table_open(heapoid, AccessShareLock);
	index = index_open(indexoid, AccessShareLock);
	if (index->rd_indam == NULL || index->rd_indam->ambuild != nmbuild)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("\"%s\" is not a nameidx index", RelationGetRelationName(index))));
	if (!screening_table_ownercheck(heapoid, GetUserId()))
		aclcheck_error(ACLCHECK_NOT_OWNER, OBJECT_TABLE, RelationGetRelationName(cs->heap));
	if (!index->rd_index->indisvalid)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("index \"%s\" is not valid", RelationGetRelationName(index)),
				 errhint("Wait for CREATE INDEX CONCURRENTLY to finish, or REINDEX it.")));
	if (RELATION_IS_OTHER_TEMP(index))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot check indexes of other sessions' temporary tables")));
	/* the walk holds the maintenance lock, which a standby cannot take; replay would move pages under it */
	if (RecoveryInProgress())
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("nameidx indexes can only be checked on a primary"),
				 errhint("Run the check on the primary: a standby's index is a page-for-page copy of it.")));
	cs->index = index;
}

/*
 * Take the maintenance lock for a walk, then measure the index and the
 * table.  Not before: a merge in progress when the check opened the index
 * finishes while the check waits for the lock, and its new run lies past
 * a block count taken earlier (which reported healthy indexes as corrupt).
 * The table may also have grown; postings can only point inside it.
 */
static void
lock_for_walk(CheckState *cs)
{
	LockPage(cs->index, NAMEIDX_METAPAGE_BLKNO, ExclusiveLock);
	cs->nblocks = RelationGetNumberOfBlocks(cs->index);
	cs->heap_blocks = RelationGetNumberOfBlocks(cs->heap);
	cs->owner = palloc0(Max(cs->nblocks, 1));
}

Datum
screening_nameidx_check(PG_FUNCTION_ARGS)
{
	Oid			indexoid = PG_GETARG_OID(0);
	bool		heapallindexed = PG_GETARG_BOOL(1);
	CheckState	cs;
	Snapshot	snapshot = InvalidSnapshot;

	memset(&cs, 0, sizeof(cs));
	open_for_check(indexoid, &cs);

	/* a snapshot taken before the walk: every row it sees was indexed before the walk began */
	if (heapallindexed)
	{
		int64		expected = 0;

		snapshot = RegisterSnapshot(GetTransactionSnapshot());
		/* the metapage's counts size the filter */
		{
			NameidxMetaPageData meta;
			int			r;

			NameidxReadMeta(cs.index, &meta);
			expected = (int64) meta.pending_entries;
			for (r = 0; r < (int) meta.nruns; r++)
				expected += (int64) meta.runs[r].entries;
		}
		cs.bloom = bloom_create(Max(expected, 1024), maintenance_work_mem, 0x5eed);
	}

	lock_for_walk(&cs);
	walk_index(&cs);
	UnlockPage(cs.index, NAMEIDX_METAPAGE_BLKNO, ExclusiveLock);

	if (heapallindexed)
	{
		IndexInfo  *indexInfo = BuildIndexInfo(cs.index);
		TableScanDesc scan;

		indexInfo->ii_Concurrent = true;	/* an MVCC snapshot, as amcheck does */
		scan = table_beginscan_strat(cs.heap, snapshot, 0, NULL, true, true);
		table_index_build_scan(cs.heap, cs.index, indexInfo, true, false,
							   heap_callback, (void *) &cs, scan);
		UnregisterSnapshot(snapshot);
		bloom_free(cs.bloom);
		elog(DEBUG1, "nameidx_check: %lld table rows checked against the index", (long long) cs.heap_checked);
	}
	if (cs.orphan_pages > 0)
		ereport(NOTICE,
				(errmsg("index \"%s\" has %u pages no structure uses, left by an interrupted merge",
						RelationGetRelationName(cs.index), cs.orphan_pages),
				 errhint("VACUUM the table to reclaim them.")));

	index_close(cs.index, AccessShareLock);
	table_close(cs.heap, AccessShareLock);
	PG_RETURN_VOID();
}

/* What an index holds, for DBAs and tests: one row. */
Datum
screening_nameidx_stats(PG_FUNCTION_ARGS)
{
	Oid			indexoid = PG_GETARG_OID(0);
	CheckState	cs;
	TupleDesc	tupdesc;
	Datum		values[13];
	bool		nulls[13] = {false};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);

	memset(&cs, 0, sizeof(cs));
	open_for_check(indexoid, &cs);
	lock_for_walk(&cs);
	walk_index(&cs);
	UnlockPage(cs.index, NAMEIDX_METAPAGE_BLKNO, ExclusiveLock);

	values[0] = Int64GetDatum(cs.meta.generation);
	values[1] = Int64GetDatum(cs.nblocks);
	values[2] = Int64GetDatum(cs.run_pages);
	values[3] = Int64GetDatum(cs.dir_pages);
	values[4] = Int64GetDatum(cs.pending_pages);
	values[5] = Int64GetDatum(cs.free_pages + cs.orphan_pages);
	values[6] = Int64GetDatum((int64) cs.meta.nrows);
	values[7] = Int64GetDatum((int64) cs.run_entries);
	values[8] = Int64GetDatum((int64) cs.pending_entries);
	values[9] = Int64GetDatum((int64) cs.distinct_keys);
	values[10] = Int32GetDatum(cs.meta.pending_pages_limit);
	values[11] = Int32GetDatum(cs.meta.fillfactor);
	/* a 0.2 declaration of the function has no runs column */
	if (tupdesc->natts > 12)
		values[12] = Int32GetDatum((int32) cs.meta.nruns);

	index_close(cs.index, AccessShareLock);
	table_close(cs.heap, AccessShareLock);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/*
 * What one search reads: its keys, the postings under them, and the rows
 * the executor would recheck.  For DBAs asking why a passenger is slow.
 */
Datum
screening_nameidx_candidates(PG_FUNCTION_ARGS)
{
	Oid			indexoid = PG_GETARG_OID(0);
	text	   *query = PG_GETARG_TEXT_PP(1);
	float4		threshold = PG_GETARG_FLOAT4(2);
	CheckState	cs;
	NameidxSearch search;
	TIDBitmap  *tbm;
	TBMIterator *it;
	TBMIterateResult *res;
	int64		postings;
	int64		rows = 0;
	TupleDesc	tupdesc;
	Datum		values[4];
	bool		nulls[4] = {false};

	if (isnan(threshold) || threshold < 0.0f || threshold > 1.0f)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("match threshold %g is out of range", (double) threshold),
				 errdetail("A threshold is a score between 0 and 1.")));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	memset(&cs, 0, sizeof(cs));
	open_for_check(indexoid, &cs);

	NameidxPrepareSearch(query, threshold, &search);
	tbm = tbm_create(work_mem * 1024L, NULL);
	postings = NameidxCollect(cs.index, &search, tbm, NULL);
	it = tbm_begin_iterate(tbm);
	while ((res = tbm_iterate(it)) != NULL)
		rows += res->ntuples >= 0 ? res->ntuples : MaxHeapTuplesPerPage;
	tbm_end_iterate(it);
	tbm_free(tbm);

	values[0] = Int32GetDatum(search.every_row ? 1 : search.nkeys);
	values[1] = Int64GetDatum(postings);
	values[2] = Int64GetDatum(rows);
	values[3] = BoolGetDatum(search.covering);
	index_close(cs.index, AccessShareLock);
	table_close(cs.heap, AccessShareLock);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

