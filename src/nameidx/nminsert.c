/*
 * nminsert.c - nameidx builds and inserts: the sorted run and the pending list.
 *
 * CREATE INDEX computes every listed name's keys, sorts the (key, TID)
 * postings with a tuplesort (spilling to disk past maintenance_work_mem) and
 * writes them once as the sorted run.  INSERT appends a name's postings to
 * the pending list, and merges it into the run when the list reaches the
 * frozen pending_pages option (nmvacuum.c holds the merge).  Writers
 * serialize on a heavyweight lock on the metapage ("maintenance lock"), so
 * that a long merge can be cancelled; scans take no such lock.
 */
#include "nameidx.h"

#include "access/tableam.h"
#include "catalog/index.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_type.h"
#include "commands/progress.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "storage/lmgr.h"
#include "storage/smgr.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/tuplesort.h"

/* Build phases shown in pg_stat_progress_create_index (after the heap scan). */
#define NAMEIDX_PHASE_SORT	2
#define NAMEIDX_PHASE_WRITE	3

char *
nmbuildphasename(int64 phasenum)
{
	switch (phasenum)
	{
		case PROGRESS_CREATEIDX_SUBPHASE_INITIALIZE:
			return "initializing";
		case NAMEIDX_PHASE_SORT:
			return "sorting name keys";
		case NAMEIDX_PHASE_WRITE:
			return "writing sorted run";
		default:
			return NULL;
	}
}

/* ---- writing a sorted run ---- */

void
NameidxRunWriterInit(NameidxRunWriter *w, Relation index, uint32 generation, int fillfactor)
{
	w->index = index;
	w->generation = generation;
	w->cap = NameidxPageCapacity() * fillfactor / 100;
	w->nbuf = 0;
	w->maxdir = 64;
	w->ndir = 0;
	w->dir = palloc(sizeof(NameidxDirEntry) * w->maxdir);
	w->entries = 0;
	w->rows = 0;
	w->distinct = 0;
	w->any = false;
	w->lastkey = 0;
}

/* Write pages from the buffer; keep a partial page's postings unless final. */
static void
run_writer_flush(NameidxRunWriter *w, bool final)
{
	int			start = 0;

	while (start < w->nbuf)
	{
		char		data[BLCKSZ];
		int			consumed;
		Size		used = NameidxEncodeRun(w->buf + start, w->nbuf - start, data, w->cap, &consumed);
		Buffer		buffer;
		GenericXLogState *state;
		Page		page;

		/* the rest fits a page with room to spare: wait for more postings */
		if (!final && start + consumed == w->nbuf)
			break;
		CHECK_FOR_INTERRUPTS();
		buffer = NameidxNewBuffer(w->index);
		state = GenericXLogStart(w->index);
		page = GenericXLogRegisterBuffer(state, buffer, GENERIC_XLOG_FULL_IMAGE);
		NameidxInitPage(page, NAMEIDX_RUN, w->generation);
		memcpy(NameidxPageGetContents(page), data, used);
		((PageHeader) page)->pd_lower += used;
		GenericXLogFinish(state);
		if (w->ndir == w->maxdir)
		{
			w->maxdir *= 2;
			w->dir = repalloc_huge(w->dir, sizeof(NameidxDirEntry) * w->maxdir);
		}
		w->dir[w->ndir].fence = w->buf[start].key;
		w->dir[w->ndir].blkno = BufferGetBlockNumber(buffer);
		w->ndir++;
		w->entries += consumed;
		UnlockReleaseBuffer(buffer);
		start += consumed;
	}
	if (start > 0)
	{
		memmove(w->buf, w->buf + start, sizeof(NameidxPosting) * (w->nbuf - start));
		w->nbuf -= start;
	}
}

void
NameidxRunWriterAdd(NameidxRunWriter *w, uint32 key, uint64 tid)
{
	/* the same key for the same row can come from two variants: store it once */
	if (w->nbuf > 0 && w->buf[w->nbuf - 1].key == key && w->buf[w->nbuf - 1].tid == tid)
		return;
	if (w->nbuf == NAMEIDX_RUN_BUFFER)
		run_writer_flush(w, false);
	if (!w->any || key != w->lastkey)
		w->distinct++;
	w->any = true;
	w->lastkey = key;
	if (key == NAMEIDX_ROW_KEY)
		w->rows++;
	w->buf[w->nbuf].key = key;
	w->buf[w->nbuf].tid = tid;
	w->nbuf++;
}

/* Finish the run: the last pages, then the directory chain, written back to front. */
void
NameidxRunWriterFinish(NameidxRunWriter *w, BlockNumber *dir_head, uint32 *nrunpages)
{
	int			nchunks;
	int			c;
	BlockNumber next = InvalidBlockNumber;

	run_writer_flush(w, true);
	nchunks = (w->ndir + NAMEIDX_DIR_PER_PAGE - 1) / NAMEIDX_DIR_PER_PAGE;
	for (c = nchunks - 1; c >= 0; c--)
	{
		int			first = c * NAMEIDX_DIR_PER_PAGE;
		int			count = Min(NAMEIDX_DIR_PER_PAGE, w->ndir - first);
		Buffer		buffer = NameidxNewBuffer(w->index);
		GenericXLogState *state = GenericXLogStart(w->index);
		Page		page = GenericXLogRegisterBuffer(state, buffer, GENERIC_XLOG_FULL_IMAGE);

		NameidxInitPage(page, NAMEIDX_DIRECTORY, w->generation);
		NameidxPageGetOpaque(page)->next = next;
		memcpy(NameidxPageGetContents(page), w->dir + first, sizeof(NameidxDirEntry) * count);
		((PageHeader) page)->pd_lower += sizeof(NameidxDirEntry) * count;
		GenericXLogFinish(state);
		next = BufferGetBlockNumber(buffer);
		UnlockReleaseBuffer(buffer);
	}
	*dir_head = next;
	*nrunpages = (uint32) w->ndir;
}

/* ---- CREATE INDEX ---- */

/* ---- sorting postings ---- */

void
NameidxPostingSortBegin(NameidxPostingSort *ps, int memory_kb)
{
	AttrNumber	attnums[2] = {1, 2};
	Oid			ops[2] = {Int8LessOperator, Int8LessOperator};
	Oid			colls[2] = {InvalidOid, InvalidOid};
	bool		nullsfirst[2] = {false, false};

	ps->desc = CreateTemplateTupleDesc(2);
	TupleDescInitEntry(ps->desc, (AttrNumber) 1, "key", INT8OID, -1, 0);
	TupleDescInitEntry(ps->desc, (AttrNumber) 2, "tid", INT8OID, -1, 0);
	ps->slot = MakeSingleTupleTableSlot(ps->desc, &TTSOpsMinimalTuple);
	ps->sort = tuplesort_begin_heap(ps->desc, 2, attnums, ops, colls, nullsfirst,
									memory_kb, NULL, SCREENING_TUPLESORT_NONE);
}

void
NameidxPostingSortPut(NameidxPostingSort *ps, uint32 key, uint64 tid)
{
	ExecClearTuple(ps->slot);
	ps->slot->tts_values[0] = Int64GetDatum((int64) key);
	ps->slot->tts_values[1] = Int64GetDatum((int64) tid);
	ps->slot->tts_isnull[0] = ps->slot->tts_isnull[1] = false;
	ExecStoreVirtualTuple(ps->slot);
	tuplesort_puttupleslot(ps->sort, ps->slot);
}

void
NameidxPostingSortDone(NameidxPostingSort *ps)
{
	tuplesort_performsort(ps->sort);
}

bool
NameidxPostingSortNext(NameidxPostingSort *ps, uint32 *key, uint64 *tid)
{
	bool		isnull;

	if (!tuplesort_gettupleslot(ps->sort, true, false, ps->slot, NULL))
		return false;
	*key = (uint32) DatumGetInt64(slot_getattr(ps->slot, 1, &isnull));
	*tid = (uint64) DatumGetInt64(slot_getattr(ps->slot, 2, &isnull));
	return true;
}

void
NameidxPostingSortEnd(NameidxPostingSort *ps)
{
	tuplesort_end(ps->sort);
	ExecDropSingleTupleTableSlot(ps->slot);
	FreeTupleDesc(ps->desc);
}

typedef struct BuildState
{
	NameidxPostingSort sort;
	MemoryContext tmpCtx;
	uint32	   *keys;
	double		indtuples;
	int64		npostings;
} BuildState;

static void
build_callback(Relation index pg_attribute_unused(), ItemPointer tid, Datum *values, bool *isnull,
			   bool tupleIsAlive pg_attribute_unused(), void *state)
{
	BuildState *bs = (BuildState *) state;
	MemoryContext old = MemoryContextSwitchTo(bs->tmpCtx);
	int			n;
	int			i;

	n = NameidxRowKeys(values[0], isnull[0], bs->keys);
	for (i = 0; i < n; i++)
		NameidxPostingSortPut(&bs->sort, bs->keys[i], NameidxTidToInt(tid));
	bs->npostings += n;
	bs->indtuples += 1;
	MemoryContextSwitchTo(old);
	MemoryContextReset(bs->tmpCtx);
}

static void
write_metapage(Relation index, BlockNumber dir_head, uint32 nrunpages, const NameidxRunWriter *w)
{
	Buffer		buffer;
	GenericXLogState *state;
	Page		page;
	NameidxMetaPageData *meta;

	buffer = ReadBuffer(index, NAMEIDX_METAPAGE_BLKNO);
	LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
	state = GenericXLogStart(index);
	page = GenericXLogRegisterBuffer(state, buffer, GENERIC_XLOG_FULL_IMAGE);
	NameidxFillMetapage(index, page);
	meta = NameidxPageGetMeta(page);
	meta->nrows = w->rows;
	if (nrunpages > 0)
	{
		NameidxRunInfo *run = &meta->runs[meta->nruns++];

		run->generation = w->generation;
		run->dir_head = dir_head;
		run->npages = nrunpages;
		run->entries = w->entries;
		run->rows = w->rows;
		run->nkeys = w->distinct;
	}
	GenericXLogFinish(state);
	UnlockReleaseBuffer(buffer);
}

IndexBuildResult *
nmbuild(Relation heap, Relation index, IndexInfo *indexInfo)
{
	IndexBuildResult *result;
	BuildState	bs;
	NameidxRunWriter *w;
	BlockNumber dir_head;
	uint32		nrunpages;
	Buffer		metabuf;

	if (RelationGetNumberOfBlocks(index) != 0)
		elog(ERROR, "index \"%s\" already contains data", RelationGetRelationName(index));
	NameidxCheckOpclass(index);

	/* the metapage first, at block 0; its contents come once the run is written */
	metabuf = NameidxNewBuffer(index);
	Assert(BufferGetBlockNumber(metabuf) == NAMEIDX_METAPAGE_BLKNO);
	{
		GenericXLogState *state = GenericXLogStart(index);
		Page		page = GenericXLogRegisterBuffer(state, metabuf, GENERIC_XLOG_FULL_IMAGE);

		NameidxFillMetapage(index, page);
		GenericXLogFinish(state);
	}
	UnlockReleaseBuffer(metabuf);

	NameidxPostingSortBegin(&bs.sort, maintenance_work_mem);
	bs.tmpCtx = AllocSetContextCreate(CurrentMemoryContext, "nameidx build temporary context",
									  ALLOCSET_DEFAULT_SIZES);
	bs.keys = palloc(sizeof(uint32) * NAMEIDX_MAX_ROW_KEYS);
	bs.indtuples = 0;
	bs.npostings = 0;

	table_index_build_scan(heap, index, indexInfo, true, true, build_callback, (void *) &bs, NULL);

	pgstat_progress_update_param(PROGRESS_CREATEIDX_SUBPHASE, NAMEIDX_PHASE_SORT);
	NameidxPostingSortDone(&bs.sort);

	pgstat_progress_update_param(PROGRESS_CREATEIDX_SUBPHASE, NAMEIDX_PHASE_WRITE);
	pgstat_progress_update_param(PROGRESS_CREATEIDX_TUPLES_TOTAL, bs.npostings);
	w = palloc(sizeof(NameidxRunWriter));
	NameidxRunWriterInit(w, index, 1, ((NameidxOptions *) index->rd_options) ?
						 ((NameidxOptions *) index->rd_options)->fillfactor : NAMEIDX_DEFAULT_FILLFACTOR);
	{
		int64		done = 0;
		uint32		key;
		uint64		tid;

		while (NameidxPostingSortNext(&bs.sort, &key, &tid))
		{
			NameidxRunWriterAdd(w, key, tid);
			if (++done % 65536 == 0)
			{
				pgstat_progress_update_param(PROGRESS_CREATEIDX_TUPLES_DONE, done);
				CHECK_FOR_INTERRUPTS();
			}
		}
	}
	NameidxRunWriterFinish(w, &dir_head, &nrunpages);
	NameidxPostingSortEnd(&bs.sort);
	MemoryContextDelete(bs.tmpCtx);

	write_metapage(index, dir_head, nrunpages, w);

	result = (IndexBuildResult *) palloc(sizeof(IndexBuildResult));
	result->heap_tuples = bs.indtuples;
	result->index_tuples = bs.indtuples;
	return result;
}

/* The empty index of an unlogged table: a metapage in the init fork. */
void
nmbuildempty(Relation index)
{
	Page		page = (Page) palloc0(BLCKSZ);

	NameidxFillMetapage(index, page);
	PageSetChecksumInplace(page, NAMEIDX_METAPAGE_BLKNO);
	smgrwrite(RelationGetSmgr(index), INIT_FORKNUM, NAMEIDX_METAPAGE_BLKNO, (char *) page, true);
	log_newpage(&SCREENING_SMGR_LOCATOR(RelationGetSmgr(index)), INIT_FORKNUM,
				NAMEIDX_METAPAGE_BLKNO, page, true);
	smgrimmedsync(RelationGetSmgr(index), INIT_FORKNUM);
	pfree(page);
}

/* ---- INSERT ---- */

/* Append postings to the pending list; the caller holds the maintenance lock. */
static uint32
append_pending(Relation index, const uint32 *keys, int n, ItemPointer tid)
{
	int			done = 0;
	uint32		npending = 0;

	while (done < n)
	{
		Buffer		metabuf = ReadBuffer(index, NAMEIDX_METAPAGE_BLKNO);
		Buffer		tailbuf = InvalidBuffer;
		Buffer		newbuf = InvalidBuffer;
		GenericXLogState *state;
		Page		metapage;
		Page		tail = NULL;
		NameidxMetaPageData *meta;
		int			room;
		int			k;

		LockBuffer(metabuf, BUFFER_LOCK_EXCLUSIVE);
		NameidxCheckMetapage(index, BufferGetPage(metabuf));
		state = GenericXLogStart(index);
		metapage = GenericXLogRegisterBuffer(state, metabuf, 0);
		meta = NameidxPageGetMeta(metapage);
		if (meta->pending_tail != InvalidBlockNumber)
		{
			tailbuf = ReadBuffer(index, meta->pending_tail);
			LockBuffer(tailbuf, BUFFER_LOCK_EXCLUSIVE);
			tail = GenericXLogRegisterBuffer(state, tailbuf, 0);
			if (!NameidxPageValid(tail, NAMEIDX_PENDING, meta->generation))
				elog(ERROR, "nameidx pending list of \"%s\" is broken", RelationGetRelationName(index));
		}
		room = tail ? (int) ((NameidxPageCapacity() - NameidxPageGetUsed(tail)) / NAMEIDX_PENDING_ENTRY_SIZE) : 0;
		if (room == 0)
		{
			/* a new tail page, linked from the old one */
			Page		newpage;

			newbuf = NameidxNewBuffer(index);
			newpage = GenericXLogRegisterBuffer(state, newbuf, GENERIC_XLOG_FULL_IMAGE);
			NameidxInitPage(newpage, NAMEIDX_PENDING, meta->generation);
			if (tail)
				NameidxPageGetOpaque(tail)->next = BufferGetBlockNumber(newbuf);
			else
				meta->pending_head = BufferGetBlockNumber(newbuf);
			meta->pending_tail = BufferGetBlockNumber(newbuf);
			meta->npending_pages++;
			tail = newpage;
			room = NAMEIDX_PENDING_PER_PAGE;
		}
		for (k = 0; k < room && done < n; k++, done++)
		{
			char	   *dst = NameidxPageGetContents(tail) + NameidxPageGetUsed(tail);

			memcpy(dst, &keys[done], sizeof(uint32));
			memcpy(dst + sizeof(uint32), tid, sizeof(ItemPointerData));
			((PageHeader) tail)->pd_lower += NAMEIDX_PENDING_ENTRY_SIZE;
			meta->pending_entries++;
			if (keys[done] == NAMEIDX_ROW_KEY)
				meta->nrows++;
		}
		npending = meta->npending_pages;
		GenericXLogFinish(state);
		if (BufferIsValid(newbuf))
			UnlockReleaseBuffer(newbuf);
		if (BufferIsValid(tailbuf))
			UnlockReleaseBuffer(tailbuf);
		UnlockReleaseBuffer(metabuf);
	}
	return npending;
}

bool
nminsert(Relation index, Datum *values, bool *isnull, ItemPointer ht_ctid,
		 Relation heapRel pg_attribute_unused(), IndexUniqueCheck checkUnique pg_attribute_unused(),
		 AMINSERT_UNCHANGED_PARAM IndexInfo *indexInfo pg_attribute_unused())
{
	MemoryContext ctx = AllocSetContextCreate(CurrentMemoryContext, "nameidx insert context",
											  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(ctx);
	uint32	   *keys = palloc(sizeof(uint32) * NAMEIDX_MAX_ROW_KEYS);
	int			n;
	uint32		npending;
	NameidxMetaPageData meta;

	n = NameidxRowKeys(values[0], isnull[0], keys);

	/* writers take turns; scans never wait for this lock */
	LockPage(index, NAMEIDX_METAPAGE_BLKNO, ExclusiveLock);
	npending = append_pending(index, keys, n, ht_ctid);
	NameidxReadMeta(index, &meta);
	UnlockPage(index, NAMEIDX_METAPAGE_BLKNO, ExclusiveLock);

	if (npending >= (uint32) meta.pending_pages_limit)
		NameidxMerge(index, work_mem, false);

	MemoryContextSwitchTo(old);
	MemoryContextDelete(ctx);
	return false;
}
