/*
 * nmvacuum.c - nameidx VACUUM and the merge of the pending list.
 *
 * Bulk delete first asks the callback about each row once, through the ROW
 * key's postings (one per row, at the front of the run, plus the pending
 * list), then, if any row is dead, drops every posting of the dead rows
 * from the run and pending pages in place (a page only ever shrinks:
 * removing TIDs from a delta-coded segment never lengthens it), one generic
 * WAL record per changed page.  Asking once per row rather than once per
 * posting matters: REINDEX CONCURRENTLY's validation uses the callback to
 * list the index's TIDs, and a row has forty postings.
 *
 * Cleanup merges the pending list into a new sorted run when there is one,
 * or when the bulk delete removed at least a tenth of the rows, so that
 * VACUUM gives space back: the new run is compact, and every page of the old
 * run, directory and pending list is marked deleted and recorded in the free
 * space map.  Smaller deletions leave holes in place until the next merge.
 * Cleanup also reclaims pages no structure references: those a crash left
 * behind in the middle of a merge.
 *
 * The merge streams the old run page by page and merges it with the pending
 * postings, sorted in memory (at most pending_pages pages of them), into a
 * run writer: memory stays bounded by the pending list, not the index.
 * Writers serialize on the maintenance lock (a heavyweight lock on the
 * metapage, so waits and long merges can be cancelled); scans never take it
 * and notice a merge by the page generation, then start again.
 */
#include "nameidx.h"

#include "access/genam.h"
#include "commands/vacuum.h"
#include "miscadmin.h"
#include "storage/indexfsm.h"
#include "storage/lmgr.h"
#include "utils/memutils.h"

typedef struct FilterState
{
	const uint64 *dead;			/* sorted TIDs whose postings go; NULL: keep all */
	int64		ndead;
	NameidxPosting *kept;
	int			nkept;
	int			maxkept;
	int64		removed;
} FilterState;

static bool
filter_posting(uint32 key, uint64 tid, void *arg)
{
	FilterState *fs = arg;

	if (fs->ndead > 0 && bsearch(&tid, fs->dead, fs->ndead, sizeof(uint64), NameidxCompareTids) != NULL)
	{
		fs->removed++;
		return true;
	}
	if (fs->nkept == fs->maxkept)
	{
		fs->maxkept *= 2;
		fs->kept = repalloc(fs->kept, sizeof(NameidxPosting) * fs->maxkept);
	}
	fs->kept[fs->nkept].key = key;
	fs->kept[fs->nkept].tid = tid;
	fs->nkept++;
	return true;
}

static void
filter_pending_posting(uint32 key, uint64 tid, void *arg)
{
	(void) filter_posting(key, tid, arg);
}

/* Pending entries of a page into fs (filtered). */
static void
filter_pending_page(Page page, FilterState *fs)
{
	NameidxPendingPageForEach(page, filter_pending_posting, fs);
}

/* Every block of a chain (directory or pending) starting at head. */
static BlockNumber *
chain_blocks(Relation index, BlockNumber head, uint16 flags, uint32 generation, int *n)
{
	int			max = 16;
	BlockNumber *blocks = palloc(sizeof(BlockNumber) * max);
	BlockNumber blk = head;

	*n = 0;
	while (blk != InvalidBlockNumber)
	{
		Buffer		buf = ReadBuffer(index, blk);
		Page		page;

		LockBuffer(buf, BUFFER_LOCK_SHARE);
		page = BufferGetPage(buf);
		if (!NameidxPageValid(page, flags, generation))
			ereport(ERROR,
					(errcode(ERRCODE_INDEX_CORRUPTED),
					 errmsg("index \"%s\" has a broken page chain at block %u",
							RelationGetRelationName(index), blk)));
		if (*n == max)
		{
			max *= 2;
			blocks = repalloc_huge(blocks, sizeof(BlockNumber) * max);
		}
		blocks[(*n)++] = blk;
		blk = NameidxPageGetOpaque(page)->next;
		UnlockReleaseBuffer(buf);
	}
	return blocks;
}

/* The run pages listed by the directory chain at head. */
static NameidxDirEntry *
run_pages(Relation index, BlockNumber head, uint32 generation, int *n)
{
	int			ndir;
	BlockNumber *dir = chain_blocks(index, head, NAMEIDX_DIRECTORY, generation, &ndir);
	NameidxDirEntry *out = palloc(sizeof(NameidxDirEntry) * (Size) Max(ndir, 1) * NAMEIDX_DIR_PER_PAGE);
	int			i;

	*n = 0;
	for (i = 0; i < ndir; i++)
	{
		Buffer		buf = ReadBuffer(index, dir[i]);
		Page		page;
		int			count;

		LockBuffer(buf, BUFFER_LOCK_SHARE);
		page = BufferGetPage(buf);
		count = NameidxPageGetUsed(page) / sizeof(NameidxDirEntry);
		memcpy(out + *n, NameidxPageGetContents(page), sizeof(NameidxDirEntry) * count);
		*n += count;
		UnlockReleaseBuffer(buf);
	}
	pfree(dir);
	return out;
}

/* Mark a page deleted and give it to the free space map. */
static void
free_page(Relation index, BlockNumber blk)
{
	Buffer		buf = ReadBuffer(index, blk);
	GenericXLogState *state;
	Page		page;

	LockBuffer(buf, BUFFER_LOCK_EXCLUSIVE);
	state = GenericXLogStart(index);
	page = GenericXLogRegisterBuffer(state, buf, GENERIC_XLOG_FULL_IMAGE);
	NameidxInitPage(page, NAMEIDX_DELETED, 0);
	GenericXLogFinish(state);
	UnlockReleaseBuffer(buf);
	RecordFreeIndexPage(index, blk);
}

/* A pending posting into the merge's sort. */
static void
sort_put(uint32 key, uint64 tid, void *arg)
{
	NameidxPostingSortPut((NameidxPostingSort *) arg, key, tid);
}

/*
 * Merge the pending list into a new run under a new generation number, then
 * switch the metapage to it and free the old pages.  Takes the maintenance
 * lock itself.  The pending postings are sorted within memory_kb (spilling
 * to disk past it); the old run is streamed a page at a time.  The new
 * number is taken and logged first, so that the pages of a merge that fails
 * half-way (cancelled, out of disk) can never be taken for a live
 * structure's: VACUUM reclaims them.
 */
void
NameidxMerge(Relation index, int memory_kb)
{
	MemoryContext ctx = AllocSetContextCreate(CurrentMemoryContext, "nameidx merge context",
											  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(ctx);
	NameidxMetaPageData meta;
	NameidxPostingSort pending;
	BlockNumber *pending_blocks;
	int			npending_blocks;
	NameidxDirEntry *runs;
	int			nruns;
	BlockNumber *dir_blocks;
	int			ndir_blocks;
	NameidxRunWriter *w;
	BlockNumber dir_head;
	uint32		nrunpages;
	uint32		new_generation;
	bool		have_pending;
	uint32		pkey = 0;
	uint64		ptid = 0;
	int			r;
	int			i;

	LockPage(index, NAMEIDX_METAPAGE_BLKNO, ExclusiveLock);
	NameidxReadMeta(index, &meta);

	/* take the new generation number */
	{
		Buffer		metabuf = ReadBuffer(index, NAMEIDX_METAPAGE_BLKNO);
		GenericXLogState *state;
		NameidxMetaPageData *m;

		LockBuffer(metabuf, BUFFER_LOCK_EXCLUSIVE);
		state = GenericXLogStart(index);
		m = NameidxPageGetMeta(GenericXLogRegisterBuffer(state, metabuf, 0));
		new_generation = ++m->last_generation;
		GenericXLogFinish(state);
		UnlockReleaseBuffer(metabuf);
	}

	/* the pending postings, sorted */
	NameidxPostingSortBegin(&pending, memory_kb);
	pending_blocks = chain_blocks(index, meta.pending_head, NAMEIDX_PENDING, meta.generation,
								  &npending_blocks);
	for (i = 0; i < npending_blocks; i++)
	{
		Buffer		buf = ReadBuffer(index, pending_blocks[i]);

		CHECK_FOR_INTERRUPTS();
		LockBuffer(buf, BUFFER_LOCK_SHARE);
		NameidxPendingPageForEach(BufferGetPage(buf), sort_put, &pending);
		UnlockReleaseBuffer(buf);
	}
	NameidxPostingSortDone(&pending);
	have_pending = NameidxPostingSortNext(&pending, &pkey, &ptid);

	/* stream the old run, merging the pending postings in */
	runs = run_pages(index, meta.dir_head, meta.generation, &nruns);
	dir_blocks = chain_blocks(index, meta.dir_head, NAMEIDX_DIRECTORY, meta.generation, &ndir_blocks);
	w = palloc(sizeof(NameidxRunWriter));
	NameidxRunWriterInit(w, index, new_generation, meta.fillfactor);
	for (r = 0; r < nruns; r++)
	{
		FilterState fs;
		Buffer		buf = ReadBuffer(index, runs[r].blkno);
		Page		page;
		int			k;

		CHECK_FOR_INTERRUPTS();
		memset(&fs, 0, sizeof(fs));
		fs.maxkept = 2048;
		fs.kept = palloc(sizeof(NameidxPosting) * fs.maxkept);
		LockBuffer(buf, BUFFER_LOCK_SHARE);
		page = BufferGetPage(buf);
		if (!NameidxPageValid(page, NAMEIDX_RUN, meta.generation) ||
			!NameidxDecodeRun(NameidxPageGetContents(page), NameidxPageGetUsed(page), filter_posting, &fs))
			ereport(ERROR,
					(errcode(ERRCODE_INDEX_CORRUPTED),
					 errmsg("index \"%s\" has an unreadable run page %u",
							RelationGetRelationName(index), runs[r].blkno)));
		UnlockReleaseBuffer(buf);
		for (k = 0; k < fs.nkept; k++)
		{
			while (have_pending &&
				   (pkey < fs.kept[k].key || (pkey == fs.kept[k].key && ptid < fs.kept[k].tid)))
			{
				NameidxRunWriterAdd(w, pkey, ptid);
				have_pending = NameidxPostingSortNext(&pending, &pkey, &ptid);
			}
			NameidxRunWriterAdd(w, fs.kept[k].key, fs.kept[k].tid);
		}
		pfree(fs.kept);
	}
	while (have_pending)
	{
		NameidxRunWriterAdd(w, pkey, ptid);
		have_pending = NameidxPostingSortNext(&pending, &pkey, &ptid);
	}
	NameidxPostingSortEnd(&pending);
	NameidxRunWriterFinish(w, &dir_head, &nrunpages);

	/* switch the metapage to the new run, in one WAL record */
	{
		Buffer		metabuf = ReadBuffer(index, NAMEIDX_METAPAGE_BLKNO);
		GenericXLogState *state;
		NameidxMetaPageData *m;

		LockBuffer(metabuf, BUFFER_LOCK_EXCLUSIVE);
		state = GenericXLogStart(index);
		m = NameidxPageGetMeta(GenericXLogRegisterBuffer(state, metabuf, 0));
		m->generation = new_generation;
		m->dir_head = dir_head;
		m->nrunpages = nrunpages;
		m->run_entries = w->entries;
		m->pending_head = m->pending_tail = InvalidBlockNumber;
		m->npending_pages = 0;
		m->pending_entries = 0;
		m->nrows = w->rows;
		m->nkeys = w->distinct;
		GenericXLogFinish(state);
		UnlockReleaseBuffer(metabuf);
	}

	/* the old pages are free; scans still on them notice the generation */
	for (r = 0; r < nruns; r++)
		free_page(index, runs[r].blkno);
	for (i = 0; i < ndir_blocks; i++)
		free_page(index, dir_blocks[i]);
	for (i = 0; i < npending_blocks; i++)
		free_page(index, pending_blocks[i]);
	IndexFreeSpaceMapVacuum(index);

	UnlockPage(index, NAMEIDX_METAPAGE_BLKNO, ExclusiveLock);
	MemoryContextSwitchTo(old);
	MemoryContextDelete(ctx);
}

/* Rewrite one page without the dead postings; returns how many went. */
static int64
vacuum_page(Relation index, BlockNumber blk, uint16 kind, uint32 generation,
			const uint64 *dead, int64 ndead)
{
	Buffer		buf = ReadBuffer(index, blk);
	Page		page;
	FilterState fs;

	memset(&fs, 0, sizeof(fs));
	fs.dead = dead;
	fs.ndead = ndead;
	fs.maxkept = 2048;
	fs.kept = palloc(sizeof(NameidxPosting) * fs.maxkept);
	LockBuffer(buf, BUFFER_LOCK_EXCLUSIVE);
	page = BufferGetPage(buf);
	if (!NameidxPageValid(page, kind, generation))
		ereport(ERROR,
				(errcode(ERRCODE_INDEX_CORRUPTED),
				 errmsg("index \"%s\" has an unexpected page %u", RelationGetRelationName(index), blk)));
	if (kind == NAMEIDX_RUN)
	{
		if (!NameidxDecodeRun(NameidxPageGetContents(page), NameidxPageGetUsed(page), filter_posting, &fs))
			ereport(ERROR,
					(errcode(ERRCODE_INDEX_CORRUPTED),
					 errmsg("index \"%s\" has an unreadable run page %u", RelationGetRelationName(index), blk)));
	}
	else
		filter_pending_page(page, &fs);
	if (fs.removed > 0)
	{
		GenericXLogState *state = GenericXLogStart(index);
		Page		copy = GenericXLogRegisterBuffer(state, buf, 0);
		Size		header = (char *) NameidxPageGetContents(copy) - (char *) copy;

		if (kind == NAMEIDX_RUN)
		{
			int			consumed;
			Size		used = NameidxEncodeRun(fs.kept, fs.nkept, NameidxPageGetContents(copy),
												NameidxPageCapacity(), &consumed);

			/* a subset of a page's postings always fits the page */
			if (consumed != fs.nkept)
				elog(ERROR, "nameidx run page %u grew while vacuuming", blk);
			((PageHeader) copy)->pd_lower = header + used;
		}
		else
		{
			char	   *data = NameidxPageGetContents(copy);
			int			i;

			for (i = 0; i < fs.nkept; i++)
			{
				ItemPointerData tid;

				NameidxIntToTid(fs.kept[i].tid, &tid);
				memcpy(data + i * NAMEIDX_PENDING_ENTRY_SIZE, &fs.kept[i].key, sizeof(uint32));
				memcpy(data + i * NAMEIDX_PENDING_ENTRY_SIZE + sizeof(uint32), &tid, sizeof(ItemPointerData));
			}
			((PageHeader) copy)->pd_lower = header + fs.nkept * NAMEIDX_PENDING_ENTRY_SIZE;
		}
		GenericXLogFinish(state);
	}
	UnlockReleaseBuffer(buf);
	pfree(fs.kept);
	return fs.removed;
}

/* The dead rows among the ROW postings of pages (or of the pending list). */
typedef struct DeadState
{
	IndexBulkDeleteCallback callback;
	void	   *callback_state;
	uint64	   *dead;
	int64		ndead;
	int64		maxdead;
	double		live;
} DeadState;

static void
consider_row(DeadState *ds, uint64 tid)
{
	ItemPointerData ip;

	NameidxIntToTid(tid, &ip);
	if (!ds->callback(&ip, ds->callback_state))
	{
		ds->live += 1;
		return;
	}
	if (ds->ndead == ds->maxdead)
	{
		ds->maxdead *= 2;
		ds->dead = repalloc_huge(ds->dead, sizeof(uint64) * ds->maxdead);
	}
	ds->dead[ds->ndead++] = tid;
}

static bool
consider_run_posting(uint32 key, uint64 tid, void *arg)
{
	if (key != NAMEIDX_ROW_KEY)
		return false;
	consider_row((DeadState *) arg, tid);
	return true;
}

IndexBulkDeleteResult *
nmbulkdelete(IndexVacuumInfo *info, IndexBulkDeleteResult *stats,
			 IndexBulkDeleteCallback callback, void *callback_state)
{
	Relation	index = info->index;
	NameidxMetaPageData meta;
	NameidxDirEntry *runs;
	int			nruns;
	BlockNumber *pending;
	int			npending;
	DeadState	ds;
	int			i;

	if (stats == NULL)
		stats = (IndexBulkDeleteResult *) palloc0(sizeof(IndexBulkDeleteResult));

	LockPage(index, NAMEIDX_METAPAGE_BLKNO, ExclusiveLock);
	NameidxReadMeta(index, &meta);
	runs = run_pages(index, meta.dir_head, meta.generation, &nruns);
	pending = chain_blocks(index, meta.pending_head, NAMEIDX_PENDING, meta.generation, &npending);

	/* pass 1: each row once, through its ROW posting */
	memset(&ds, 0, sizeof(ds));
	ds.callback = callback;
	ds.callback_state = callback_state;
	ds.maxdead = 1024;
	ds.dead = palloc(sizeof(uint64) * ds.maxdead);
	for (i = 0; i < nruns && runs[i].fence == NAMEIDX_ROW_KEY; i++)
	{
		Buffer		buf = ReadBuffer(index, runs[i].blkno);
		Page		page;

		vacuum_delay_point();
		LockBuffer(buf, BUFFER_LOCK_SHARE);
		page = BufferGetPage(buf);
		if (!NameidxPageValid(page, NAMEIDX_RUN, meta.generation) ||
			!NameidxDecodeRun(NameidxPageGetContents(page), NameidxPageGetUsed(page),
							  consider_run_posting, &ds))
			ereport(ERROR,
					(errcode(ERRCODE_INDEX_CORRUPTED),
					 errmsg("index \"%s\" has an unreadable run page %u",
							RelationGetRelationName(index), runs[i].blkno)));
		UnlockReleaseBuffer(buf);
	}
	for (i = 0; i < npending; i++)
	{
		Buffer		buf = ReadBuffer(index, pending[i]);
		Page		page;
		int			n,
					k;
		char	   *data;

		vacuum_delay_point();
		LockBuffer(buf, BUFFER_LOCK_SHARE);
		page = BufferGetPage(buf);
		n = NameidxPageGetUsed(page) / NAMEIDX_PENDING_ENTRY_SIZE;
		data = NameidxPageGetContents(page);
		for (k = 0; k < n; k++)
		{
			uint32		key;
			ItemPointerData ip;

			memcpy(&key, data + k * NAMEIDX_PENDING_ENTRY_SIZE, sizeof(uint32));
			if (key != NAMEIDX_ROW_KEY)
				continue;
			memcpy(&ip, data + k * NAMEIDX_PENDING_ENTRY_SIZE + sizeof(uint32), sizeof(ItemPointerData));
			consider_row(&ds, NameidxTidToInt(&ip));
		}
		UnlockReleaseBuffer(buf);
	}

	/* pass 2: every posting of the dead rows */
	if (ds.ndead > 0)
	{
		int64		removed_run = 0;
		int64		removed_pending = 0;

		qsort(ds.dead, ds.ndead, sizeof(uint64), NameidxCompareTids);
		for (i = 0; i < nruns; i++)
		{
			vacuum_delay_point();
			removed_run += vacuum_page(index, runs[i].blkno, NAMEIDX_RUN, meta.generation, ds.dead, ds.ndead);
		}
		for (i = 0; i < npending; i++)
		{
			vacuum_delay_point();
			removed_pending += vacuum_page(index, pending[i], NAMEIDX_PENDING, meta.generation, ds.dead, ds.ndead);
		}
		/* the row count on the metapage follows */
		{
			Buffer		metabuf = ReadBuffer(index, NAMEIDX_METAPAGE_BLKNO);
			GenericXLogState *state;
			NameidxMetaPageData *m;

			LockBuffer(metabuf, BUFFER_LOCK_EXCLUSIVE);
			state = GenericXLogStart(index);
			m = NameidxPageGetMeta(GenericXLogRegisterBuffer(state, metabuf, 0));
			m->nrows -= Min(m->nrows, (uint64) ds.ndead);
			m->run_entries -= Min(m->run_entries, (uint64) removed_run);
			m->pending_entries -= Min(m->pending_entries, (uint64) removed_pending);
			GenericXLogFinish(state);
			UnlockReleaseBuffer(metabuf);
		}
		elog(DEBUG1, "nameidx \"%s\": %lld rows and %lld postings removed",
			 RelationGetRelationName(index), (long long) ds.ndead,
			 (long long) (removed_run + removed_pending));
	}
	UnlockPage(index, NAMEIDX_METAPAGE_BLKNO, ExclusiveLock);

	stats->tuples_removed += ds.ndead;
	stats->num_index_tuples = ds.live;
	stats->num_pages = RelationGetNumberOfBlocks(index);
	pfree(ds.dead);
	return stats;
}

/*
 * Give every page no structure references to the free space map: deleted
 * pages, and pages a crash left behind in the middle of a merge or an
 * extension.  The caller holds the maintenance lock, so no writer is
 * between allocating a page and linking it.
 */
static BlockNumber
reclaim_pages(Relation index)
{
	NameidxMetaPageData meta;
	BlockNumber nblocks = RelationGetNumberOfBlocks(index);
	bool	   *used = palloc0(sizeof(bool) * Max(nblocks, 1));
	NameidxDirEntry *runs;
	int			nruns;
	BlockNumber *chain;
	int			nchain;
	BlockNumber nfree = 0;
	BlockNumber blk;
	int			i;

	NameidxReadMeta(index, &meta);
	used[NAMEIDX_METAPAGE_BLKNO] = true;
	runs = run_pages(index, meta.dir_head, meta.generation, &nruns);
	for (i = 0; i < nruns; i++)
		if (runs[i].blkno < nblocks)
			used[runs[i].blkno] = true;
	chain = chain_blocks(index, meta.dir_head, NAMEIDX_DIRECTORY, meta.generation, &nchain);
	for (i = 0; i < nchain; i++)
		used[chain[i]] = true;
	pfree(chain);
	chain = chain_blocks(index, meta.pending_head, NAMEIDX_PENDING, meta.generation, &nchain);
	for (i = 0; i < nchain; i++)
		used[chain[i]] = true;
	pfree(chain);

	for (blk = 0; blk < nblocks; blk++)
	{
		Buffer		buf;
		Page		page;
		bool		deleted;

		if (used[blk])
			continue;
		vacuum_delay_point();
		buf = ReadBuffer(index, blk);
		LockBuffer(buf, BUFFER_LOCK_SHARE);
		page = BufferGetPage(buf);
		deleted = PageIsNew(page) ||
			(PageGetSpecialSize(page) == MAXALIGN(sizeof(NameidxPageOpaqueData)) &&
			 (NameidxPageGetOpaque(page)->flags & NAMEIDX_DELETED));
		UnlockReleaseBuffer(buf);
		if (deleted)
			RecordFreeIndexPage(index, blk);
		else
			free_page(index, blk);	/* an orphan: mark it so scans never trust it */
		nfree++;
	}
	IndexFreeSpaceMapVacuum(index);
	pfree(used);
	pfree(runs);
	return nfree;
}

IndexBulkDeleteResult *
nmvacuumcleanup(IndexVacuumInfo *info, IndexBulkDeleteResult *stats)
{
	Relation	index = info->index;
	NameidxMetaPageData meta;

	if (info->analyze_only)
		return stats;
	if (stats == NULL)
		stats = (IndexBulkDeleteResult *) palloc0(sizeof(IndexBulkDeleteResult));

	NameidxReadMeta(index, &meta);
	/* compact when there is a pending list, or when a tenth of the rows went */
	if (meta.pending_entries > 0 ||
		(stats->tuples_removed > 0 && stats->tuples_removed * 10 >= meta.nrows + stats->tuples_removed))
		NameidxMerge(index, maintenance_work_mem);

	LockPage(index, NAMEIDX_METAPAGE_BLKNO, ExclusiveLock);
	stats->pages_free = reclaim_pages(index);
	NameidxReadMeta(index, &meta);
	UnlockPage(index, NAMEIDX_METAPAGE_BLKNO, ExclusiveLock);

	stats->num_pages = RelationGetNumberOfBlocks(index);
	stats->num_index_tuples = (double) meta.nrows;
	stats->estimated_count = false;
	return stats;
}
