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
 * A bulk delete can stop half-way (a cancel, autovacuum giving way to a
 * lock request, a crash), and the next one must still find every dead row.
 * So the dead rows' ROW postings go last, after all their other postings:
 * until then each dead row is still listed under the ROW key, and the heap
 * keeps its TID dead until an index vacuum completes.  (Removing them in
 * page order lost rows whose ROW posting was gone while other postings
 * stayed, to point at whatever row later took the TID.)  And each changed
 * page updates the metapage's counts in the same WAL record, so the counts
 * nameidx_check verifies hold at every point a bulk delete can stop.
 *
 * Cleanup merges the pending list and every run into one new sorted run
 * when there is a pending list or more than one run, or when the bulk
 * delete removed at least a tenth of the rows, so that VACUUM gives space
 * back and leaves the index in its fastest shape: the new run is compact,
 * and every page of the old runs, directories and pending list is marked
 * deleted and recorded in the free space map.  Smaller deletions leave
 * holes in place until the next merge.  Cleanup also reclaims pages no
 * structure references: those a crash left behind in the middle of a merge.
 *
 * The merge streams the runs it takes page by page, merging them with the
 * pending postings, sorted in memory (at most pending_pages pages of them),
 * into a run writer: memory stays bounded by the pending list, not the
 * index.  nameidx_merge() runs the same full merge on demand, for the end
 * of a bulk load.  Writers serialize on the maintenance lock (a heavyweight lock on
 * the metapage, so waits and long merges can be cancelled); scans never
 * take it and notice a merge by the page generations, then start again.
 */
#include "nameidx.h"

#include "access/genam.h"
#include "access/table.h"
#include "catalog/index.h"
#include "commands/vacuum.h"
#include "miscadmin.h"
#include "storage/indexfsm.h"
#include "storage/lmgr.h"
#include "tcop/utility.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

typedef enum FilterKeys
{
	FILTER_ALL_KEYS = 0,		/* every posting of a dead row goes */
	FILTER_OTHER_KEYS,			/* all but its ROW posting */
	FILTER_ROW_KEY				/* only its ROW posting */
} FilterKeys;

typedef struct FilterState
{
	const uint64 *dead;			/* sorted TIDs whose postings go; NULL: keep all */
	int64		ndead;
	FilterKeys	keys;
	NameidxPosting *kept;
	int			nkept;
	int			maxkept;
	int64		removed;
	int64		removed_rows;	/* of which ROW postings */
} FilterState;

static bool
filter_posting(uint32 key, uint64 tid, void *arg)
{
	FilterState *fs = arg;

	if (fs->ndead > 0 &&
		(fs->keys == FILTER_ALL_KEYS || (fs->keys == FILTER_ROW_KEY) == (key == NAMEIDX_ROW_KEY)) &&
		bsearch(&tid, fs->dead, fs->ndead, sizeof(uint64), NameidxCompareTids) != NULL)
	{
		fs->removed++;
		if (key == NAMEIDX_ROW_KEY)
			fs->removed_rows++;
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

/*
 * The pending postings of a merge, handed out in (key, TID) order.  They
 * are sorted as a plain array when the pending pages' postings fit the
 * merge's memory, as they do by default (256 pages of 815 postings, 3.3 MB,
 * under work_mem's 4 MB); otherwise through a tuplesort, which spills to
 * disk.  The tuplesort alone was 38 % of an insert's time while a 1M-name
 * list was reloaded: a slot per posting, and fresh memory faulted in at
 * every merge.
 */
typedef struct PendingPostings
{
	Size		budget;			/* bytes */
	bool		spill;			/* through the tuplesort */
	NameidxPostingSort sort;
	NameidxPosting *arr;
	int64		n;
	int64		max;
	int64		pos;
} PendingPostings;

static void
pending_begin(PendingPostings *pp, int npages, int memory_kb)
{
	Size		most = (Size) npages * NAMEIDX_PENDING_PER_PAGE;

	memset(pp, 0, sizeof(PendingPostings));
	pp->budget = (Size) memory_kb * 1024;
	pp->spill = most * sizeof(NameidxPosting) > pp->budget;
	if (pp->spill)
		NameidxPostingSortBegin(&pp->sort, memory_kb);
	else
	{
		pp->max = (int64) Max(most, 1);
		pp->arr = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(NameidxPosting) * pp->max);
	}
}

static void
pending_put(uint32 key, uint64 tid, void *arg)
{
	PendingPostings *pp = arg;

	if (pp->spill)
		NameidxPostingSortPut(&pp->sort, key, tid);
	else
	{
		/* only a damaged page says it holds more than NAMEIDX_PENDING_PER_PAGE */
		if (pp->n >= pp->max)
			ereport(ERROR,
					(errcode(ERRCODE_INDEX_CORRUPTED),
					 errmsg("a nameidx pending page holds more postings than a page can"),
					 errhint("REINDEX the index.")));
		pp->arr[pp->n].key = key;
		pp->arr[pp->n].tid = tid;
		pp->n++;
	}
}

static int
compare_posting_tids(const void *a, const void *b)
{
	uint64		x = ((const NameidxPosting *) a)->tid;
	uint64		y = ((const NameidxPosting *) b)->tid;

	return (x > y) - (x < y);
}

/*
 * Sort postings by (key, TID).  A stable radix sort on the key, two passes
 * of 16 bits, then TID order within each key: the pending list holds the
 * postings in insertion order, in which TIDs mostly rise already, so most
 * keys need only the check that they do.  A qsort with a comparator call
 * per comparison was a fifth of an insert's time.  Up to 107 M postings
 * (131,072 pending pages): the loops check for interrupts.
 */
static void
sort_postings(NameidxPosting *p, int64 n)
{
	NameidxPosting *tmp;
	uint32	   *count;
	int			pass;
	int64		i,
				start,
				next_check = 0;

	if (n < 2)
		return;
	tmp = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(NameidxPosting) * n);
	count = palloc(sizeof(uint32) * 65536);
	for (pass = 0; pass < 2; pass++)
	{
		NameidxPosting *from = pass == 0 ? p : tmp;
		NameidxPosting *to = pass == 0 ? tmp : p;
		int			shift = pass * 16;
		uint32		sum = 0;
		int			b;

		CHECK_FOR_INTERRUPTS();
		memset(count, 0, sizeof(uint32) * 65536);
		for (i = 0; i < n; i++)
			count[(from[i].key >> shift) & 0xFFFF]++;
		for (b = 0; b < 65536; b++)
		{
			uint32		c = count[b];

			count[b] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			to[count[(from[i].key >> shift) & 0xFFFF]++] = from[i];
	}
	pfree(count);
	pfree(tmp);

	/* TID order within each key: usually there already, else sorted */
	for (start = 0; start < n;)
	{
		int64		end = start + 1;
		bool		sorted = true;

		if (start >= next_check)
		{
			CHECK_FOR_INTERRUPTS();
			next_check = start + 65536;
		}
		while (end < n && p[end].key == p[start].key)
		{
			if (p[end].tid < p[end - 1].tid)
				sorted = false;
			end++;
		}
		if (!sorted && end - start <= 16)
		{
			for (i = start + 1; i < end; i++)
			{
				NameidxPosting x = p[i];
				int64		j = i;

				while (j > start && p[j - 1].tid > x.tid)
				{
					p[j] = p[j - 1];
					j--;
				}
				p[j] = x;
			}
		}
		else if (!sorted)
			qsort(p + start, end - start, sizeof(NameidxPosting), compare_posting_tids);
		start = end;
	}
}

static int
compare_postings(const void *a, const void *b)
{
	const NameidxPosting *x = a;
	const NameidxPosting *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->tid > y->tid) - (x->tid < y->tid);
}

/*
 * The radix sort needs a second array and its counts: when those do not
 * fit the budget beside the postings (work_mem's default 4 MB holds a full
 * default pending list once, not twice), a qsort in place, a little slower.
 */
static void
pending_sort(PendingPostings *pp)
{
	const char *how;

	if (pp->spill)
	{
		NameidxPostingSortDone(&pp->sort);
		how = "a tuplesort";
	}
	else if ((Size) pp->max * sizeof(NameidxPosting) + (Size) pp->n * sizeof(NameidxPosting) +
			 65536 * sizeof(uint32) <= pp->budget)
	{
		sort_postings(pp->arr, pp->n);
		how = "a radix sort";
	}
	else
	{
		qsort(pp->arr, pp->n, sizeof(NameidxPosting), compare_postings);
		how = "a qsort";
	}
	elog(DEBUG2, "nameidx merge: pending postings sorted by %s", how);
}

static bool
pending_next(PendingPostings *pp, uint32 *key, uint64 *tid)
{
	if (pp->spill)
		return NameidxPostingSortNext(&pp->sort, key, tid);
	if (pp->pos >= pp->n)
		return false;
	*key = pp->arr[pp->pos].key;
	*tid = pp->arr[pp->pos].tid;
	pp->pos++;
	return true;
}

static void
pending_end(PendingPostings *pp)
{
	if (pp->spill)
		NameidxPostingSortEnd(&pp->sort);
	else
		pfree(pp->arr);
}

/*
 * Which runs a merge of the pending list takes along: the newest ones, for
 * as long as the next older run holds at most twice the postings gathered
 * so far, and as many more as keep the count of runs within
 * NAMEIDX_MAX_RUNS.  So each run holds more than twice the postings of the
 * next: a posting is rewritten about log2(index / pending list) times over
 * the life of the index, not once per merge as with a single run (which
 * made inserts into a large index slow and reloads of a 1M-name list take
 * many minutes), and a search probes at most a dozen runs.  Returns the
 * position of the first run merged (nruns: none, only the pending list).
 */
static int
merge_from(const NameidxMetaPageData *meta)
{
	uint64		gathered = meta->pending_entries;
	int			from = (int) meta->nruns;

	while (from > 0 &&
		   (meta->runs[from - 1].entries <= 2 * gathered || from > NAMEIDX_MAX_RUNS - 1))
	{
		gathered += meta->runs[from - 1].entries;
		from--;
	}
	return from;
}

/* A run read page by page in posting order, for the merge. */
typedef struct RunCursor
{
	NameidxDirEntry *pages;
	int			npages;
	int			next;			/* next of pages[] to read */
	uint32		generation;
	FilterState fs;				/* the current page's postings */
	int			pos;
} RunCursor;

/* Make c's current posting valid; false at the end of the run. */
static bool
run_cursor_ready(Relation index, RunCursor *c)
{
	while (c->pos >= c->fs.nkept)
	{
		Buffer		buf;
		Page		page;

		if (c->next >= c->npages)
			return false;
		CHECK_FOR_INTERRUPTS();
		c->fs.nkept = 0;
		c->pos = 0;
		buf = ReadBuffer(index, c->pages[c->next].blkno);
		LockBuffer(buf, BUFFER_LOCK_SHARE);
		page = BufferGetPage(buf);
		if (!NameidxPageValid(page, NAMEIDX_RUN, c->generation) ||
			!NameidxDecodeRun(NameidxPageGetContents(page), NameidxPageGetUsed(page), filter_posting, &c->fs))
			ereport(ERROR,
					(errcode(ERRCODE_INDEX_CORRUPTED),
					 errmsg("index \"%s\" has an unreadable run page %u",
							RelationGetRelationName(index), c->pages[c->next].blkno)));
		UnlockReleaseBuffer(buf);
		c->next++;
	}
	return true;
}

static inline bool
posting_before(uint32 k1, uint64 t1, uint32 k2, uint64 t2)
{
	return k1 < k2 || (k1 == k2 && t1 < t2);
}

/*
 * Merge the pending list, with the newest runs merge_from picks (every
 * run when full), into one new run under a new generation number, then
 * switch the metapage to it and free the old pages.  Takes the maintenance
 * lock itself; without full, does nothing if another writer merged the
 * pending list meanwhile.  The pending postings are sorted within memory_kb
 * (spilling to disk past it); the runs are streamed a page at a time.  The
 * new number is taken and logged first, so that the pages of a merge that
 * fails half-way (cancelled, out of disk) can never be taken for a live
 * structure's: VACUUM reclaims them.
 */
void
NameidxMerge(Relation index, int memory_kb, bool full)
{
	MemoryContext ctx = AllocSetContextCreate(CurrentMemoryContext, "nameidx merge context",
											  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(ctx);
	NameidxMetaPageData meta;
	PendingPostings pending;
	BlockNumber *pending_blocks;
	int			npending_blocks;
	RunCursor	cursors[NAMEIDX_MAX_RUNS];
	BlockNumber *dir_blocks[NAMEIDX_MAX_RUNS];
	int			ndir_blocks[NAMEIDX_MAX_RUNS];
	NameidxRunWriter *w;
	BlockNumber dir_head;
	uint32		nrunpages;
	uint32		new_generation;
	bool		have_pending;
	uint32		pkey = 0;
	uint64		ptid = 0;
	int			from,
				ncur,
				r,
				i;

	LockPage(index, NAMEIDX_METAPAGE_BLKNO, ExclusiveLock);
	NameidxReadMeta(index, &meta);
	if (!full && meta.npending_pages < (uint32) meta.pending_pages_limit)
	{
		/* another inserter merged it while this one waited for the lock */
		UnlockPage(index, NAMEIDX_METAPAGE_BLKNO, ExclusiveLock);
		MemoryContextSwitchTo(old);
		MemoryContextDelete(ctx);
		return;
	}
	from = full ? 0 : merge_from(&meta);
	ncur = (int) meta.nruns - from;

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
	pending_blocks = chain_blocks(index, meta.pending_head, NAMEIDX_PENDING, meta.generation,
								  &npending_blocks);
	pending_begin(&pending, npending_blocks, memory_kb);
	for (i = 0; i < npending_blocks; i++)
	{
		Buffer		buf = ReadBuffer(index, pending_blocks[i]);

		CHECK_FOR_INTERRUPTS();
		LockBuffer(buf, BUFFER_LOCK_SHARE);
		NameidxPendingPageForEach(BufferGetPage(buf), pending_put, &pending);
		UnlockReleaseBuffer(buf);
	}
	pending_sort(&pending);
	have_pending = pending_next(&pending, &pkey, &ptid);

	/* stream the runs merged, merging the pending postings in */
	for (r = 0; r < ncur; r++)
	{
		const NameidxRunInfo *run = &meta.runs[from + r];

		memset(&cursors[r], 0, sizeof(RunCursor));
		cursors[r].pages = run_pages(index, run->dir_head, run->generation, &cursors[r].npages);
		cursors[r].generation = run->generation;
		cursors[r].fs.maxkept = 2048;
		cursors[r].fs.kept = palloc(sizeof(NameidxPosting) * cursors[r].fs.maxkept);
		dir_blocks[r] = chain_blocks(index, run->dir_head, NAMEIDX_DIRECTORY, run->generation, &ndir_blocks[r]);
	}
	w = palloc(sizeof(NameidxRunWriter));
	NameidxRunWriterInit(w, index, new_generation, meta.fillfactor);
	for (;;)
	{
		int			best = -1;

		/* the smallest (key, TID) among the runs' current postings; runs hold distinct rows */
		for (r = 0; r < ncur; r++)
			if (run_cursor_ready(index, &cursors[r]) &&
				(best < 0 ||
				 posting_before(cursors[r].fs.kept[cursors[r].pos].key, cursors[r].fs.kept[cursors[r].pos].tid,
								cursors[best].fs.kept[cursors[best].pos].key,
								cursors[best].fs.kept[cursors[best].pos].tid)))
				best = r;
		if (best < 0)
			break;
		{
			const NameidxPosting *p = &cursors[best].fs.kept[cursors[best].pos++];

			while (have_pending && posting_before(pkey, ptid, p->key, p->tid))
			{
				NameidxRunWriterAdd(w, pkey, ptid);
				have_pending = pending_next(&pending, &pkey, &ptid);
			}
			NameidxRunWriterAdd(w, p->key, p->tid);
		}
	}
	while (have_pending)
	{
		NameidxRunWriterAdd(w, pkey, ptid);
		have_pending = pending_next(&pending, &pkey, &ptid);
	}
	pending_end(&pending);
	NameidxRunWriterFinish(w, &dir_head, &nrunpages);

	/* switch the metapage to the new runs, in one WAL record */
	{
		Buffer		metabuf = ReadBuffer(index, NAMEIDX_METAPAGE_BLKNO);
		GenericXLogState *state;
		NameidxMetaPageData *m;

		LockBuffer(metabuf, BUFFER_LOCK_EXCLUSIVE);
		state = GenericXLogStart(index);
		m = NameidxPageGetMeta(GenericXLogRegisterBuffer(state, metabuf, 0));
		m->generation = new_generation;
		m->nruns = (uint32) from;
		if (nrunpages > 0)
		{
			NameidxRunInfo *run = &m->runs[m->nruns++];

			run->generation = new_generation;
			run->dir_head = dir_head;
			run->npages = nrunpages;
			run->entries = w->entries;
			run->rows = w->rows;
			run->nkeys = w->distinct;
		}
		memset(&m->runs[m->nruns], 0, sizeof(NameidxRunInfo) * (NAMEIDX_MAX_RUNS - m->nruns));
		m->pending_head = m->pending_tail = InvalidBlockNumber;
		m->npending_pages = 0;
		m->pending_entries = 0;
		m->nrows = w->rows;
		for (r = 0; r < from; r++)
			m->nrows += m->runs[r].rows;
		GenericXLogFinish(state);
		UnlockReleaseBuffer(metabuf);
	}

	/* the old pages are free; scans still on them notice the generation */
	for (r = 0; r < ncur; r++)
	{
		for (i = 0; i < cursors[r].npages; i++)
			free_page(index, cursors[r].pages[i].blkno);
		for (i = 0; i < ndir_blocks[r]; i++)
			free_page(index, dir_blocks[r][i]);
	}
	for (i = 0; i < npending_blocks; i++)
		free_page(index, pending_blocks[i]);
	IndexFreeSpaceMapVacuum(index);

	UnlockPage(index, NAMEIDX_METAPAGE_BLKNO, ExclusiveLock);
	MemoryContextSwitchTo(old);
	MemoryContextDelete(ctx);
}

/*
 * Rewrite one page without the dead postings that keys selects, and take
 * them off the metapage's counts in the same WAL record: run is the page's
 * run (its position on the metapage), or -1 for a pending page.  Returns
 * how many went.  The page is locked before the metapage, the reverse of
 * an insert's order; that cannot deadlock because the caller holds the
 * maintenance lock, without which no one locks the metapage and then
 * another page.
 */
static int64
vacuum_page(Relation index, BlockNumber blk, uint16 kind, uint32 generation, int run,
			const uint64 *dead, int64 ndead, FilterKeys keys)
{
	Buffer		buf = ReadBuffer(index, blk);
	Page		page;
	FilterState fs;

	memset(&fs, 0, sizeof(fs));
	fs.dead = dead;
	fs.ndead = ndead;
	fs.keys = keys;
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
		Buffer		metabuf = ReadBuffer(index, NAMEIDX_METAPAGE_BLKNO);
		GenericXLogState *state;
		Page		copy;
		NameidxMetaPageData *m;
		Size		header;

		LockBuffer(metabuf, BUFFER_LOCK_EXCLUSIVE);
		state = GenericXLogStart(index);
		copy = GenericXLogRegisterBuffer(state, buf, 0);
		m = NameidxPageGetMeta(GenericXLogRegisterBuffer(state, metabuf, 0));
		header = (char *) NameidxPageGetContents(copy) - (char *) copy;
		if (kind == NAMEIDX_RUN)
		{
			int			consumed;
			Size		used = NameidxEncodeRun(fs.kept, fs.nkept, NameidxPageGetContents(copy),
												NameidxPageCapacity(), &consumed);

			/* a subset of a page's postings always fits the page */
			if (consumed != fs.nkept)
				elog(ERROR, "nameidx run page %u grew while vacuuming", blk);
			((PageHeader) copy)->pd_lower = header + used;
			if (run >= 0 && run < (int) m->nruns && m->runs[run].generation == generation)
			{
				NameidxRunInfo *ri = &m->runs[run];

				ri->entries -= Min(ri->entries, (uint64) fs.removed);
				ri->rows -= Min(ri->rows, (uint64) fs.removed_rows);
			}
			else
				elog(ERROR, "nameidx run %d of \"%s\" changed during a bulk delete", run,
					 RelationGetRelationName(index));
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
			m->pending_entries -= Min(m->pending_entries, (uint64) fs.removed);
		}
		m->nrows -= Min(m->nrows, (uint64) fs.removed_rows);
		GenericXLogFinish(state);
		UnlockReleaseBuffer(metabuf);
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
	NameidxDirEntry *runs[NAMEIDX_MAX_RUNS] = {NULL};
	int			npages[NAMEIDX_MAX_RUNS] = {0};
	BlockNumber *pending;
	int			npending;
	DeadState	ds;
	int			r,
				i;

	if (stats == NULL)
		stats = (IndexBulkDeleteResult *) palloc0(sizeof(IndexBulkDeleteResult));

	LockPage(index, NAMEIDX_METAPAGE_BLKNO, ExclusiveLock);
	NameidxReadMeta(index, &meta);
	for (r = 0; r < (int) meta.nruns; r++)
		runs[r] = run_pages(index, meta.runs[r].dir_head, meta.runs[r].generation, &npages[r]);
	pending = chain_blocks(index, meta.pending_head, NAMEIDX_PENDING, meta.generation, &npending);

	/* pass 1: each row once, through its ROW posting (at the front of each run) */
	memset(&ds, 0, sizeof(ds));
	ds.callback = callback;
	ds.callback_state = callback_state;
	ds.maxdead = 1024;
	ds.dead = palloc(sizeof(uint64) * ds.maxdead);
	for (r = 0; r < (int) meta.nruns; r++)
	{
		for (i = 0; i < npages[r] && runs[r][i].fence == NAMEIDX_ROW_KEY; i++)
		{
			Buffer		buf = ReadBuffer(index, runs[r][i].blkno);
			Page		page;

			vacuum_delay_point();
			LockBuffer(buf, BUFFER_LOCK_SHARE);
			page = BufferGetPage(buf);
			if (!NameidxPageValid(page, NAMEIDX_RUN, meta.runs[r].generation) ||
				!NameidxDecodeRun(NameidxPageGetContents(page), NameidxPageGetUsed(page),
								  consider_run_posting, &ds))
				ereport(ERROR,
						(errcode(ERRCODE_INDEX_CORRUPTED),
						 errmsg("index \"%s\" has an unreadable run page %u",
								RelationGetRelationName(index), runs[r][i].blkno)));
			UnlockReleaseBuffer(buf);
		}
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

	/*
	 * pass 2: every posting of the dead rows, their ROW postings last (see
	 * the header: a bulk delete that stops before the end leaves every dead
	 * row findable by the next)
	 */
	if (ds.ndead > 0)
	{
		int64		removed = 0;
		int			step;

		qsort(ds.dead, ds.ndead, sizeof(uint64), NameidxCompareTids);
		for (step = 0; step < 2; step++)
		{
			FilterKeys	keys = step == 0 ? FILTER_OTHER_KEYS : FILTER_ROW_KEY;

			for (r = 0; r < (int) meta.nruns; r++)
				for (i = 0; i < npages[r]; i++)
				{
					/* ROW postings live only on the pages fenced by the ROW key */
					if (keys == FILTER_ROW_KEY && runs[r][i].fence != NAMEIDX_ROW_KEY)
						break;
					vacuum_delay_point();
					removed += vacuum_page(index, runs[r][i].blkno, NAMEIDX_RUN, meta.runs[r].generation, r,
										   ds.dead, ds.ndead, keys);
				}
			for (i = 0; i < npending; i++)
			{
				vacuum_delay_point();
				removed += vacuum_page(index, pending[i], NAMEIDX_PENDING, meta.generation, -1,
									   ds.dead, ds.ndead, keys);
			}
		}
		elog(DEBUG1, "nameidx \"%s\": %lld rows and %lld postings removed",
			 RelationGetRelationName(index), (long long) ds.ndead, (long long) removed);
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
	int			nruns;
	BlockNumber *chain;
	int			nchain;
	BlockNumber nfree = 0;
	BlockNumber blk;
	int			r,
				i;

	NameidxReadMeta(index, &meta);
	used[NAMEIDX_METAPAGE_BLKNO] = true;
	for (r = 0; r < (int) meta.nruns; r++)
	{
		NameidxDirEntry *runs = run_pages(index, meta.runs[r].dir_head, meta.runs[r].generation, &nruns);
		for (i = 0; i < nruns; i++)
			if (runs[i].blkno < nblocks)
				used[runs[i].blkno] = true;
		pfree(runs);
		chain = chain_blocks(index, meta.runs[r].dir_head, NAMEIDX_DIRECTORY, meta.runs[r].generation, &nchain);
		for (i = 0; i < nchain; i++)
			if (chain[i] < nblocks)
				used[chain[i]] = true;
		pfree(chain);
	}
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
	/* compact into one run when there is a pending list or more than one run, or a tenth of the rows went */
	if (meta.pending_entries > 0 || meta.nruns > 1 ||
		(stats->tuples_removed > 0 && stats->tuples_removed * 10 >= meta.nrows + stats->tuples_removed))
		NameidxMerge(index, maintenance_work_mem, true);

	LockPage(index, NAMEIDX_METAPAGE_BLKNO, ExclusiveLock);
	stats->pages_free = reclaim_pages(index);
	NameidxReadMeta(index, &meta);
	UnlockPage(index, NAMEIDX_METAPAGE_BLKNO, ExclusiveLock);

	stats->num_pages = RelationGetNumberOfBlocks(index);
	stats->num_index_tuples = (double) meta.nrows;
	stats->estimated_count = false;
	return stats;
}

/*
 * nameidx_merge(index regclass) RETURNS bool: merge the pending list and
 * every run into one run now, as VACUUM's cleanup does, and say whether
 * there was anything to merge.  For the end of a bulk load, inside its
 * transaction: a list just loaded through inserts leaves a pending list
 * that every search reads whole and several runs each search probes, and
 * searches ran at half speed until autovacuum came by (100k names: 661
 * check-ins a second after a reload, 1,109 once merged).  A merge only
 * moves postings, so it changes no answer, and an aborted load leaves dead
 * postings that VACUUM removes as usual.
 *
 * Who may: the table's owner, or whoever may insert into it.  Inserting is
 * what merges the pending list anyway (when it fills), so the function
 * lends no new power, and the loaders, run by screening_admin, can call it.
 */
PG_FUNCTION_INFO_V1(screening_nameidx_merge);

Datum
screening_nameidx_merge(PG_FUNCTION_ARGS)
{
	Oid			indexoid = PG_GETARG_OID(0);
	Oid			heapoid = IndexGetRelation(indexoid, true);
	Relation	heap;
	Relation	index;
	NameidxMetaPageData meta;
	bool		merged = false;

	if (!OidIsValid(heapoid))
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("\"%s\" is not an index", get_rel_name(indexoid) ? get_rel_name(indexoid) : "?")));
	PreventCommandIfReadOnly("nameidx_merge()");
	PreventCommandDuringRecovery("nameidx_merge()");
	/* the privilege before any lock: a caller without it must not queue on the table */
	if (!screening_table_ownercheck(heapoid, GetUserId()) &&
		pg_class_aclcheck(heapoid, GetUserId(), ACL_INSERT) != ACLCHECK_OK)
		aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_TABLE, get_rel_name(heapoid) ? get_rel_name(heapoid) : "?");
	/* the table first, as inserts do */
	heap = table_open(heapoid, RowExclusiveLock);
	index = index_open(indexoid, RowExclusiveLock);
	if (index->rd_indam == NULL || index->rd_indam->ambuild != nmbuild)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("\"%s\" is not a nameidx index", RelationGetRelationName(index))));
	if (RELATION_IS_OTHER_TEMP(index))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot merge indexes of other sessions' temporary tables")));

	NameidxReadMeta(index, &meta);
	if (meta.pending_entries > 0 || meta.nruns > 1)
	{
		NameidxMerge(index, maintenance_work_mem, true);
		merged = true;
	}
	index_close(index, RowExclusiveLock);
	table_close(heap, RowExclusiveLock);
	PG_RETURN_BOOL(merged);
}
