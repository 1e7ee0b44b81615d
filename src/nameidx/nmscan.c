/*
 * nmscan.c - nameidx scans: candidates by key, rechecked by the executor.
 *
 * A scan turns the passenger name of its first scan key (or of its ORDER BY
 * operator) into query keys (sc_keys.c) with the current dictionary, then
 * collects every row that shares one into a TIDBitmap (bounded by work_mem;
 * past it, pages go lossy and the recheck sorts them out).  Every returned
 * row is marked for recheck: the index proposes, name_score decides.
 *
 * A threshold below SC_INDEX_EXACT_FLOOR, or a name with too many keys,
 * cannot be answered from keys; the scan then returns every row (the ROW
 * key's postings), and the recheck keeps the answer exact.
 *
 * ORDER BY distance: the distance saturates at 1 below the floor (a score
 * under 0.5 is no match, and non-matches are one tie), so the scan can rank
 * in three phases with exact lower bounds: rows meeting the coverage rule
 * (bound 0), rows sharing a key but not meeting it (they score at most
 * 0.79: bound 0.21), and every other row (they score under 0.5: distance
 * exactly 1).  The executor recomputes each distance and reorders, so
 * LIMIT k is exact, and it stops as soon as k rows are certain.  With a
 * WHERE match as well, the scan returns only that match's candidates.
 */
#include "nameidx.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "miscadmin.h"
#include "port/pg_bitutils.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "common/hashfn.h"

#include "screening.h"

IndexScanDesc
nmbeginscan(Relation r, int nkeys, int norderbys)
{
	IndexScanDesc scan = RelationGetIndexScan(r, nkeys, norderbys);
	NameidxScanOpaque so = palloc0(sizeof(NameidxScanOpaqueData));

	so->scanCtx = AllocSetContextCreate(CurrentMemoryContext, "nameidx scan context",
										ALLOCSET_DEFAULT_SIZES);
	scan->opaque = so;
	/* the AM provides the ORDER BY value arrays */
	if (norderbys > 0)
	{
		scan->xs_orderbyvals = palloc0(sizeof(Datum) * norderbys);
		scan->xs_orderbynulls = palloc(sizeof(bool) * norderbys);
		memset(scan->xs_orderbynulls, true, sizeof(bool) * norderbys);
	}
	return scan;
}

void
nmrescan(IndexScanDesc scan, ScanKey scankey, int nscankeys pg_attribute_unused(),
		 ScanKey orderbys, int norderbys pg_attribute_unused())
{
	NameidxScanOpaque so = (NameidxScanOpaque) scan->opaque;

	if (scankey && scan->numberOfKeys > 0)
		memmove(scan->keyData, scankey, scan->numberOfKeys * sizeof(ScanKeyData));
	if (orderbys && scan->numberOfOrderBys > 0)
		memmove(scan->orderByData, orderbys, scan->numberOfOrderBys * sizeof(ScanKeyData));
	MemoryContextReset(so->scanCtx);
	so->candidates = NULL;
	so->uncovered = NULL;
	so->iterator = NULL;
	so->page = NULL;
	so->collected = false;
	so->ordered = scan->numberOfOrderBys > 0;
	so->phase = 1;
	so->returned = NULL;
	so->nreturned = so->maxreturned = 0;
	memset(&so->rows, 0, sizeof(so->rows));
}

void
nmendscan(IndexScanDesc scan)
{
	NameidxScanOpaque so = (NameidxScanOpaque) scan->opaque;

	if (so->iterator)
		tbm_end_iterate(so->iterator);
	MemoryContextDelete(so->scanCtx);
	pfree(so);
}

/* ---- reading the index ---- */

/*
 * The directories of the runs, from the relcache entry's cache if its
 * structure generation is current.  NULL if a merge replaced a run while
 * they were read.  The result is valid until the next call for this index
 * in this backend: callers that keep directory positions across calls copy
 * them.
 */
NameidxDirectory *
NameidxLoadDirectory(Relation index, const NameidxMetaPageData *meta)
{
	NameidxDirectory *d = (NameidxDirectory *) index->rd_amcache;
	int			total = 0;
	int			n = 0;
	int			r;

	if (d != NULL && d->generation == meta->generation)
		return d;
	if (d != NULL)
	{
		pfree(d);
		index->rd_amcache = NULL;
	}
	for (r = 0; r < (int) meta->nruns; r++)
		total += (int) meta->runs[r].npages;
	/* one allocation: the relcache frees rd_amcache with a single pfree */
	d = MemoryContextAllocZero(index->rd_indexcxt,
							   offsetof(NameidxDirectory, entries) +
							   sizeof(NameidxDirEntry) * Max(total, 1));
	d->generation = meta->generation;
	d->nruns = (int) meta->nruns;
	for (r = 0; r < (int) meta->nruns; r++)
	{
		const NameidxRunInfo *run = &meta->runs[r];
		BlockNumber blk;

		d->start[r] = n;
		d->run_generation[r] = run->generation;
		for (blk = run->dir_head; blk != InvalidBlockNumber;)
		{
			Buffer		buf = ReadBuffer(index, blk);
			Page		page;
			int			count;

			LockBuffer(buf, BUFFER_LOCK_SHARE);
			page = BufferGetPage(buf);
			if (!NameidxPageValid(page, NAMEIDX_DIRECTORY, run->generation))
			{
				UnlockReleaseBuffer(buf);
				pfree(d);
				return NULL;
			}
			count = NameidxPageGetUsed(page) / sizeof(NameidxDirEntry);
			if (n - d->start[r] + count > (int) run->npages)
				ereport(ERROR,
						(errcode(ERRCODE_INDEX_CORRUPTED),
						 errmsg("index \"%s\" has a directory longer than its run",
								RelationGetRelationName(index)),
						 errhint("REINDEX the index.")));
			memcpy(d->entries + n, NameidxPageGetContents(page), count * sizeof(NameidxDirEntry));
			n += count;
			blk = NameidxPageGetOpaque(page)->next;
			UnlockReleaseBuffer(buf);
		}
		d->npages[r] = n - d->start[r];
	}
	index->rd_amcache = d;
	return d;
}

/*
 * Where collected postings go.  Without the coverage rule, every posting's
 * row goes straight into the bitmap.  With it, the scan needs, per row, the
 * OR of the token masks (per query variant) of the keys the row shares, and
 * only rows whose masks meet the rule go into the bitmap.
 *
 * The masks are gathered without a hash table, because a search reads tens
 * of thousands of postings and a hash probe per posting (a cache miss each)
 * was the scan's largest cost.  Postings of one key arrive in TID order, so:
 *   pass 1  the keys that may add rows append (TID, key) to an array, which
 *           is then sorted by merging its natural runs (one per key) and
 *           folded into candidates: TIDs in order, each with its masks;
 *   pass 2  the other keys only update candidates, found by galloping
 *           forward from the previous posting's position (binary search when
 *           a key starts again or the pending list gives TIDs out of order).
 * If pass 1 outgrows work_mem, the rule is dropped for this scan and every
 * row goes into the bitmap: more rows to recheck, never fewer.
 *
 * When the passenger has an essential token (sc_query_essential: one that
 * every covered row must share a key for), only that token's keys add rows,
 * in pass 1; the others run in pass 2.  A row pass 1 did not find cannot
 * meet the rule, so the answer is the same, and the candidates stay few
 * (FADIL KNALA reads 175,000 postings, mostly of ADIL and FAIL, for 11,000
 * rows).  Without one, every key runs in pass 1.
 */
typedef struct FoundPosting
{
	uint64		tid;
	uint32		k;				/* index of the key in the search */
} FoundPosting;

/*
 * The collect step's arrays live as long as the backend and the next search
 * reuses them: allocated per search (megabytes for a common name, from
 * malloc's mmap and back), their page faults cost a third of a search that
 * reads many postings.  One search runs at a time in a backend (collecting
 * calls nothing that could start another), so one set is enough.  An array
 * grown past SCRATCH_KEEP is freed when its search ends, so a rare huge
 * search does not pin memory for the life of the connection.
 */
#define SCRATCH_KEEP ((Size) 4 * 1024 * 1024)

typedef struct Scratch
{
	void	   *ptr;
	Size		size;
} Scratch;

static Scratch scratch_found;	/* pass 1: FoundPosting */
static Scratch scratch_merge;	/* its merge sort: FoundPosting */
static Scratch scratch_runs;	/* the merge's run starts: int64 */
static Scratch scratch_cand;	/* candidates: uint64 */
static Scratch scratch_masks;	/* their masks: uint32 x variants */
static Scratch scratch_tids;	/* one page's postings of one key: uint64 */
static Scratch scratch_ips;		/* the same as heap TIDs, for the bitmap */

/* At least need bytes of s; keep says whether its contents must survive. */
static void *
scratch_reserve(Scratch *s, Size need, bool keep)
{
	Size		size;

	if (need <= s->size)
		return s->ptr;
	size = Max(need, Max(s->size * 2, (Size) 65536));
	if (keep && s->ptr != NULL)
		s->ptr = repalloc_huge(s->ptr, size);
	else
	{
		if (s->ptr != NULL)
			pfree(s->ptr);
		s->ptr = NULL;
		s->size = 0;
		s->ptr = MemoryContextAllocExtended(TopMemoryContext, size, MCXT_ALLOC_HUGE);
	}
	s->size = size;
	return s->ptr;
}

static void
scratch_trim(Scratch *s)
{
	if (s->size > SCRATCH_KEEP)
	{
		pfree(s->ptr);
		s->ptr = NULL;
		s->size = 0;
	}
}

typedef struct CollectSink
{
	const NameidxSearch *search;
	TIDBitmap  *tbm;
	TIDBitmap  *uncovered;		/* if set: rows failing the coverage rule go here */
	bool		covering;		/* gathering masks (false: straight into tbm) */
	int64		postings;
	const bool *adds_rows;		/* per key: may add rows (NULL: every key may) */
	const uint32 *keys;			/* the keys of this pass, for sink_pending */
	int			nkeys;
	uint64		keybits[64];	/* a 4096-bit filter of keys by their low bits */
	bool		adding;			/* this pass: the keys that add rows, or the others */
	/* pass 1 */
	FoundPosting *found;
	int64		nfound;
	int64		maxfound;
	int64		limit;			/* work_mem, in postings */
	/* pass 2 and the end: candidates in TID order, nvar masks each */
	uint64	   *cand;
	uint32	   *masks;
	int64		ncand;
	int			nvar;
	int64		cursor;			/* where the last posting of pass 2 was looked up */
	int			cursor_key;
} CollectSink;

static inline void
sink_tbm_add(TIDBitmap *tbm, uint64 tid)
{
	ItemPointerData ip;

	NameidxIntToTid(tid, &ip);
	tbm_add_tuples(tbm, &ip, 1, true);
}

/* OR key k's token masks into a candidate's masks. */
static inline void
sink_or_masks(const NameidxSearch *s, int k, uint32 *masks)
{
	int			j;

	if (s->keys[k] == NAMEIDX_OVERFLOW_KEY)
		masks[0] = SC_COVER_ALL;
	for (j = s->first[k]; j < s->first[k] + s->count[k]; j++)
		masks[s->tagged[j].variant] |= s->tagged[j].mask;
}

/* Too much for work_mem: give up the rule, every row found so far into the bitmap. */
static void
sink_give_up(CollectSink *sink)
{
	int64		i;

	for (i = 0; i < sink->nfound; i++)
		sink_tbm_add(sink->tbm, sink->found[i].tid);
	for (i = 0; i < sink->ncand; i++)
		sink_tbm_add(sink->tbm, sink->cand[i]);
	sink->found = NULL;
	sink->nfound = sink->maxfound = 0;
	sink->ncand = 0;
	sink->covering = false;
}

/* The first position at or after from whose TID is >= tid. */
static inline int64
gallop(const uint64 *cand, int64 n, int64 from, uint64 tid)
{
	int64		lo = from,
				hi,
				step = 1;

	if (lo >= n || cand[lo] >= tid)
		return lo;
	/* cand[lo] < tid: find hi with cand[hi] >= tid (or n), doubling the step */
	while (lo + step < n && cand[lo + step] < tid)
	{
		lo += step;
		step *= 2;
	}
	hi = Min(lo + step, n);
	lo++;
	while (lo < hi)
	{
		int64		mid = lo + (hi - lo) / 2;

		if (cand[mid] < tid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Room for n more found postings in pass 1; false if work_mem is spent (the rule was given up). */
static bool
sink_room(CollectSink *sink, int64 n)
{
	if (sink->nfound + n <= sink->maxfound)
		return true;
	if (sink->nfound + n > sink->limit)
	{
		sink_give_up(sink);
		return false;
	}
	sink->found = scratch_reserve(&scratch_found, sizeof(FoundPosting) * (sink->nfound + n), true);
	sink->maxfound = Min((int64) (scratch_found.size / sizeof(FoundPosting)), sink->limit);
	return true;
}

/* One posting (of the pending list, in no order). */
static void
sink_add(CollectSink *sink, int k, uint64 tid)
{
	sink->postings++;
	if (!sink->covering)
	{
		sink_tbm_add(sink->tbm, tid);
		return;
	}
	if (sink->adding)
	{
		if (!sink_room(sink, 1))
		{
			sink_tbm_add(sink->tbm, tid);
			return;
		}
		sink->found[sink->nfound].tid = tid;
		sink->found[sink->nfound].k = (uint32) k;
		sink->nfound++;
		return;
	}
	/* pass 2: only rows pass 1 found */
	if (k != sink->cursor_key || sink->cursor >= sink->ncand ||
		(sink->cursor > 0 && sink->cand[sink->cursor - 1] >= tid))
	{
		sink->cursor_key = k;
		sink->cursor = gallop(sink->cand, sink->ncand, 0, tid);
	}
	else
		sink->cursor = gallop(sink->cand, sink->ncand, sink->cursor, tid);
	if (sink->cursor < sink->ncand && sink->cand[sink->cursor] == tid)
		sink_or_masks(sink->search, k, sink->masks + sink->cursor * sink->nvar);
}

/* Key k's postings on one run page, in TID order. */
static void
sink_add_page(CollectSink *sink, int k, const uint64 *tids, int n)
{
	int64		i,
				c;

	if (n <= 0)
		return;
	sink->postings += n;
	if (sink->covering && sink->adding)
		(void) sink_room(sink, n);	/* past work_mem it gives the rule up */
	if (!sink->covering)
	{
		ItemPointerData *ips = scratch_reserve(&scratch_ips, sizeof(ItemPointerData) * n, false);

		for (i = 0; i < n; i++)
			NameidxIntToTid(tids[i], &ips[i]);
		tbm_add_tuples(sink->tbm, ips, n, true);
		return;
	}
	if (sink->adding)
	{
		FoundPosting *f = sink->found + sink->nfound;

		for (i = 0; i < n; i++)
		{
			f[i].tid = tids[i];
			f[i].k = (uint32) k;
		}
		sink->nfound += n;
		return;
	}
	/* pass 2: intersect with the candidates, galloping on the sparser side */
	i = 0;
	c = gallop(sink->cand, sink->ncand, 0, tids[0]);
	while (i < n && c < sink->ncand)
	{
		if (tids[i] < sink->cand[c])
			i = gallop(tids, n, i, sink->cand[c]);
		else if (tids[i] > sink->cand[c])
			c = gallop(sink->cand, sink->ncand, c, tids[i]);
		else
		{
			sink_or_masks(sink->search, k, sink->masks + c * sink->nvar);
			i++;
			c++;
		}
	}
}

/*
 * Sort found postings by TID into a or b (whichever is returned), by a
 * least-significant-digit radix sort of 11 bits a pass on the TID with its
 * unused offset bits squeezed out: a heap page holds a few hundred tuples,
 * so offsets take 9 bits of their 16, and a table of a few thousand pages
 * sorts in two passes.  The merge below needs log2(runs) passes, and a
 * posting-heavy search has hundreds of runs (a key's postings on one page
 * each): at 175,000 postings that merge was a tenth of a manifest join.
 */
#define RADIX_BITS 11
#define RADIX_MIN_POSTINGS 4096

static FoundPosting *
sort_found_radix(FoundPosting *a, FoundPosting *b, int64 n)
{
	uint64		offsets = 0,
				blocks = 0,
				top;
	int			obits,
				bits,
				shift;
	int64		i;

	for (i = 0; i < n; i++)
	{
		offsets |= a[i].tid & 0xFFFF;
		blocks = Max(blocks, a[i].tid >> 16);
	}
	obits = offsets == 0 ? 0 : pg_leftmost_one_pos64(offsets) + 1;
	top = (blocks << obits) | offsets;
	bits = top == 0 ? 1 : pg_leftmost_one_pos64(top) + 1;
	for (shift = 0; shift < bits; shift += RADIX_BITS)
	{
		int64		count[1 << RADIX_BITS];
		int64		sum = 0;
		int			d;

		CHECK_FOR_INTERRUPTS();
		memset(count, 0, sizeof(count));
#define RADIX_DIGIT(t) (((((t) >> 16) << obits) | ((t) & 0xFFFF)) >> shift & ((1 << RADIX_BITS) - 1))
		for (i = 0; i < n; i++)
			count[RADIX_DIGIT(a[i].tid)]++;
		for (d = 0; d < (1 << RADIX_BITS); d++)
		{
			int64		c = count[d];

			count[d] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			b[count[RADIX_DIGIT(a[i].tid)]++] = a[i];
#undef RADIX_DIGIT
		{
			FoundPosting *t = a;

			a = b;
			b = t;
		}
	}
	return a;
}

/*
 * End of pass 1: sort the found postings by TID (merging their natural runs,
 * one per key and page, or by radix when there are many), and fold them
 * into candidates with their masks.
 */
static void
sink_fold(CollectSink *sink)
{
	int64		n = sink->nfound;
	FoundPosting *a = sink->found,
			   *b;
	int64	   *runs;
	int64		nruns = 0,
				i;

	if (!sink->covering)
		return;
	runs = scratch_reserve(&scratch_runs, sizeof(int64) * (n + 1), false);
	for (i = 0; i < n; i++)
		if (i == 0 || a[i].tid < a[i - 1].tid)
			runs[nruns++] = i;
	runs[nruns] = n;
	b = scratch_reserve(&scratch_merge, sizeof(FoundPosting) * Max(n, 1), false);
	if (nruns > 8 && n >= RADIX_MIN_POSTINGS)
	{
		a = sort_found_radix(a, b, n);
		nruns = 1;
	}
	while (nruns > 1)
	{
		int64		r,
					out = 0;

		CHECK_FOR_INTERRUPTS();
		for (r = 0; r < nruns; r += 2)
		{
			int64		x = runs[r],
						xe = runs[r + 1],
						y = r + 1 < nruns ? runs[r + 1] : n,
						ye = r + 1 < nruns ? runs[r + 2] : n;

			runs[r / 2] = runs[r];
			while (x < xe && y < ye)
				b[out++] = a[y].tid < a[x].tid ? a[y++] : a[x++];
			while (x < xe)
				b[out++] = a[x++];
			while (y < ye)
				b[out++] = a[y++];
		}
		nruns = (nruns + 1) / 2;
		runs[nruns] = n;
		{
			FoundPosting *t = a;

			a = b;
			b = t;
		}
	}

	sink->nvar = Max(sink->search->cover.nvariants, 1);
	sink->cand = scratch_reserve(&scratch_cand, sizeof(uint64) * Max(n, 1), false);
	sink->masks = scratch_reserve(&scratch_masks, sizeof(uint32) * sink->nvar * Max(n, 1), false);
	sink->ncand = 0;
	for (i = 0; i < n; i++)
	{
		if (sink->ncand == 0 || sink->cand[sink->ncand - 1] != a[i].tid)
		{
			memset(sink->masks + sink->ncand * sink->nvar, 0, sizeof(uint32) * sink->nvar);
			sink->cand[sink->ncand++] = a[i].tid;
		}
		sink_or_masks(sink->search, (int) a[i].k, sink->masks + (sink->ncand - 1) * sink->nvar);
	}
	sink->found = NULL;
	sink->nfound = sink->maxfound = 0;
	sink->cursor = 0;
	sink->cursor_key = -1;
}

/* The candidates that meet the coverage rule, into the bitmap. */
static void
sink_finish(CollectSink *sink)
{
	uint32		masks[SC_SCORE_MAX_VARIANTS];
	int64		i;

	if (!sink->covering)
		return;
	memset(masks, 0, sizeof(masks));
	for (i = 0; i < sink->ncand; i++)
	{
		memcpy(masks, sink->masks + i * sink->nvar, sizeof(uint32) * sink->nvar);
		if (masks[0] == SC_COVER_ALL || sc_query_covered(&sink->search->cover, masks))
			sink_tbm_add(sink->tbm, sink->cand[i]);
		else if (sink->uncovered)
			sink_tbm_add(sink->uncovered, sink->cand[i]);
	}
	sink->ncand = 0;
}

/* First position in entries[0..n) whose fence is >= key. */
static int
lower_bound(const NameidxDirEntry *entries, int n, uint32 key)
{
	int			lo = 0,
				hi = n;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (entries[mid].fence < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Position of key in the sorted keys, or -1. */
static int
key_position(const uint32 *keys, int nkeys, uint32 key)
{
	int			lo = 0,
				hi = nkeys;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (keys[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nkeys && keys[lo] == key ? lo : -1;
}

/*
 * Call fn for every posting of the pending list (key, TID).  Returns false if
 * a merge replaced the list under the walk: the caller starts again.
 */
static bool
walk_pending(Relation index, const NameidxMetaPageData *meta,
			 void (*fn) (uint32 key, uint64 tid, void *arg), void *arg)
{
	BlockNumber blk;

	for (blk = meta->pending_head; blk != InvalidBlockNumber;)
	{
		Buffer		buf = ReadBuffer(index, blk);
		Page		page;

		CHECK_FOR_INTERRUPTS();
		LockBuffer(buf, BUFFER_LOCK_SHARE);
		page = BufferGetPage(buf);
		if (!NameidxPageValid(page, NAMEIDX_PENDING, meta->generation))
		{
			UnlockReleaseBuffer(buf);
			return false;
		}
		NameidxPendingPageForEach(page, fn, arg);
		blk = NameidxPageGetOpaque(page)->next;
		UnlockReleaseBuffer(buf);
	}
	return true;
}

/* A pending posting into the sink, if its key is one of this pass's. */
static void
sink_pending(uint32 key, uint64 tid, void *arg)
{
	CollectSink *sink = arg;
	int			at;

	/* most pending postings are for other keys: one bit test turns them away */
	if ((sink->keybits[(key >> 6) & 63] & (UINT64CONST(1) << (key & 63))) == 0)
		return;
	at = key_position(sink->keys, sink->nkeys, key);

	if (at >= 0 && (sink->adds_rows == NULL || sink->adds_rows[at] == sink->adding))
		sink_add(sink, at, tid);
}

/*
 * One pass over the index for the search's keys, into the sink.  Returns
 * false if a merge replaced the structure under it; the caller starts
 * again (what the sink holds stays valid: a merge only moves postings and
 * drops dead ones, and the sink only ORs).
 */
static bool
collect_pass(Relation index, const uint32 *keys, int nkeys, CollectSink *sink)
{
	NameidxMetaPageData meta;
	NameidxDirectory *dir;
	uint64	   *tids = scratch_reserve(&scratch_tids, sizeof(uint64) * NAMEIDX_MAX_PAGE_POSTINGS, false);
	int			k;

	NameidxReadMeta(index, &meta);
	dir = NameidxLoadDirectory(index, &meta);
	if (dir == NULL)
		return false;

	for (k = 0; k < nkeys; k++)
	{
		uint32		key = keys[k];
		int			r;

		CHECK_FOR_INTERRUPTS();
		if (sink->adds_rows && sink->adds_rows[k] != sink->adding)
			continue;
		for (r = 0; r < dir->nruns; r++)
		{
			const NameidxDirEntry *entries = dir->entries + dir->start[r];
			int			npages = dir->npages[r];
			int			pos = lower_bound(entries, npages, key);
			int			pg;

			/*
			 * The key's postings start on the page before the first fence >=
			 * key (or at that page), and go on through the pages whose fence
			 * is key.
			 */
			for (pg = pos > 0 ? pos - 1 : 0; pg < npages; pg++)
			{
				Buffer		buf;
				Page		page;
				bool		valid;
				int			n = 0;

				if (pg >= pos && entries[pg].fence != key)
					break;
				buf = ReadBuffer(index, entries[pg].blkno);
				LockBuffer(buf, BUFFER_LOCK_SHARE);
				page = BufferGetPage(buf);
				valid = NameidxPageValid(page, NAMEIDX_RUN, dir->run_generation[r]);
				if (valid)
					n = NameidxProbeRun(NameidxPageGetContents(page), NameidxPageGetUsed(page), key, tids);
				UnlockReleaseBuffer(buf);
				if (!valid)
					return false;	/* a merge replaced the run */
				if (n < 0)
					ereport(ERROR,
							(errcode(ERRCODE_INDEX_CORRUPTED),
							 errmsg("index \"%s\" has an unreadable run page %u",
									RelationGetRelationName(index), entries[pg].blkno),
							 errhint("REINDEX the index.")));
				sink_add_page(sink, k, tids, n);
			}
		}
	}

	/* the pending list, whole */
	sink->keys = keys;
	sink->nkeys = nkeys;
	memset(sink->keybits, 0, sizeof(sink->keybits));
	for (k = 0; k < nkeys; k++)
		sink->keybits[(keys[k] >> 6) & 63] |= UINT64CONST(1) << (keys[k] & 63);
	return walk_pending(index, &meta, sink_pending, sink);
}

/*
 * Which keys may add rows when the search has an essential token: those
 * standing for the heaviest essential token (the rarest, so the fewest
 * postings), the whole name, and the overflow key.  NULL if it has none.
 */
static bool *
essential_keys(const NameidxSearch *search)
{
	uint32		essential = sc_query_essential(&search->cover, 0);
	uint32		pick = 0;
	float		best = -1;
	bool	   *adds;
	int			i,
				k;

	for (i = 0; i < SC_SCORE_MAX_TOKENS; i++)
		if ((essential & (1u << i)) && search->cover.weight[0][i] > best)
		{
			best = search->cover.weight[0][i];
			pick = 1u << i;
		}
	if (pick == 0)
		return NULL;
	adds = palloc0(sizeof(bool) * Max(search->nkeys, 1));
	for (k = 0; k < search->nkeys; k++)
	{
		int			j;

		if (search->keys[k] == NAMEIDX_OVERFLOW_KEY)
			adds[k] = true;
		for (j = search->first[k]; j < search->first[k] + search->count[k]; j++)
			if (search->tagged[j].mask & pick)	/* SC_COVER_ALL included */
				adds[k] = true;
	}
	return adds;
}

/*
 * Add the rows the search asks for to tbm: every row, or those sharing one
 * of its keys (and meeting the coverage rule when it applies).  With
 * uncovered, rows sharing a key are split: those meeting the coverage rule
 * into tbm, the others into uncovered (ordered scans rank them apart).
 * Returns the postings read.
 */
int64
NameidxCollect(Relation index, const NameidxSearch *search, TIDBitmap *tbm, TIDBitmap *uncovered)
{
	static const uint32 every_row[1] = {NAMEIDX_ROW_KEY};
	CollectSink sink;

	memset(&sink, 0, sizeof(sink));
	sink.search = search;
	sink.tbm = tbm;
	sink.adding = true;
	if (search->every_row)
	{
		while (!collect_pass(index, every_row, 1, &sink))
			CHECK_FOR_INTERRUPTS();
		return sink.postings;
	}
	sink.uncovered = uncovered;
	if (search->covering || uncovered)
	{
		sink.covering = true;
		sink.limit = (int64) Min((double) work_mem * 1024.0 / sizeof(FoundPosting), (double) MaxAllocHugeSize / sizeof(FoundPosting) / 2);
	}
	/* rows from one essential token's keys first (plain searches of one variant) */
	if (search->covering && uncovered == NULL && search->cover.nvariants == 1)
		sink.adds_rows = essential_keys(search);
	while (!collect_pass(index, search->keys, search->nkeys, &sink))
		CHECK_FOR_INTERRUPTS();
	sink_fold(&sink);
	if (sink.adds_rows)
	{
		sink.adding = false;
		while (!collect_pass(index, search->keys, search->nkeys, &sink))
			CHECK_FOR_INTERRUPTS();
	}
	sink_finish(&sink);
	scratch_trim(&scratch_found);
	scratch_trim(&scratch_merge);
	scratch_trim(&scratch_runs);
	scratch_trim(&scratch_cand);
	scratch_trim(&scratch_masks);
	scratch_trim(&scratch_ips);
	return sink.postings;
}

/* ---- every row, in TID order ---- */

static bool
collect_row(uint32 key, uint64 tid, void *arg)
{
	NameidxRowStream *rs = arg;

	if (key != NAMEIDX_ROW_KEY)
		return false;			/* ROW postings come first on a page: done */
	if (tid > rs->last)
		rs->run[rs->nrun++] = tid;
	return true;
}

/* The pending list's rows after the last one returned, for the row stream. */
typedef struct PendingRows
{
	NameidxRowStream *rs;
	int64		max;
} PendingRows;

static void
pending_row(uint32 key, uint64 tid, void *arg)
{
	PendingRows *pend = arg;
	NameidxRowStream *rs = pend->rs;

	if (key != NAMEIDX_ROW_KEY || tid <= rs->last)
		return;
	if (rs->npending == pend->max)
	{
		pend->max *= 2;
		rs->pending = repalloc_huge(rs->pending, sizeof(uint64) * pend->max);
	}
	rs->pending[rs->npending++] = tid;
}

/* A page's ROW postings after the last TID returned, into the sorted array of the other runs. */
static bool
collect_other_row(uint32 key, uint64 tid, void *arg)
{
	PendingRows *pend = arg;

	if (key != NAMEIDX_ROW_KEY)
		return false;
	pending_row(key, tid, pend);
	return true;
}

/* (Re)load the stream from the current structure, keeping its position. */
static bool
row_stream_load(Relation index, NameidxRowStream *rs)
{
	NameidxMetaPageData meta;
	NameidxDirectory *dir;
	PendingRows pend;
	int			n = 0;
	int			r;

	NameidxReadMeta(index, &meta);
	dir = NameidxLoadDirectory(index, &meta);
	if (dir == NULL)
		return false;
	/* ROW is the smallest key: its postings fill the pages whose fence is ROW */
	if (dir->nruns > 0)
		while (n < dir->npages[0] && dir->entries[dir->start[0] + n].fence == NAMEIDX_ROW_KEY)
			n++;
	if (rs->pages)
		pfree(rs->pages);
	rs->pages = palloc(sizeof(BlockNumber) * Max(n, 1));
	for (rs->npages = 0; rs->npages < n; rs->npages++)
		rs->pages[rs->npages] = dir->entries[dir->start[0] + rs->npages].blkno;
	rs->run_generation = dir->nruns > 0 ? dir->run_generation[0] : 0;
	rs->page = 0;
	rs->nrun = rs->runpos = 0;
	if (rs->run == NULL)
		rs->run = palloc(sizeof(uint64) * BLCKSZ);	/* a posting takes at least a byte */

	if (rs->pending)
		pfree(rs->pending);
	pend.rs = rs;
	pend.max = 1024;
	rs->pending = palloc(sizeof(uint64) * pend.max);
	rs->npending = rs->pendpos = 0;
	/* the newer runs' ROW postings (the directory stays valid: nothing else is read meanwhile) */
	for (r = 1; r < dir->nruns; r++)
	{
		int			pg;

		for (pg = 0; pg < dir->npages[r] && dir->entries[dir->start[r] + pg].fence == NAMEIDX_ROW_KEY; pg++)
		{
			Buffer		buf = ReadBuffer(index, dir->entries[dir->start[r] + pg].blkno);
			Page		page;
			bool		ok;

			CHECK_FOR_INTERRUPTS();
			LockBuffer(buf, BUFFER_LOCK_SHARE);
			page = BufferGetPage(buf);
			ok = NameidxPageValid(page, NAMEIDX_RUN, dir->run_generation[r]);
			if (ok)
				(void) NameidxDecodeRun(NameidxPageGetContents(page), NameidxPageGetUsed(page),
										collect_other_row, &pend);
			UnlockReleaseBuffer(buf);
			if (!ok)
				return false;	/* a merge replaced the run */
		}
	}
	if (!walk_pending(index, &meta, pending_row, &pend))
		return false;
	qsort(rs->pending, rs->npending, sizeof(uint64), NameidxCompareTids);
	rs->generation = meta.generation;
	return true;
}

/*
 * The next indexed row after the last one returned, in TID order: the
 * oldest run's ROW postings merged with the other runs' and the pending
 * list's.  If a merge replaces
 * the run meanwhile, the stream reloads and goes on after the last TID: a
 * row visible to the scan is in every generation, so none is lost, and the
 * TID order means none comes twice.
 */
bool
NameidxNextRow(Relation index, NameidxRowStream *rs, uint64 *tid)
{
	for (;;)
	{
		bool		have_run,
					have_pending;
		uint64		v;

		CHECK_FOR_INTERRUPTS();
		if (rs->generation == 0 && !row_stream_load(index, rs))
			continue;
		while (rs->runpos >= rs->nrun && rs->page < rs->npages)
		{
			Buffer		buf = ReadBuffer(index, rs->pages[rs->page]);
			Page		page;
			bool		ok;

			LockBuffer(buf, BUFFER_LOCK_SHARE);
			page = BufferGetPage(buf);
			ok = NameidxPageValid(page, NAMEIDX_RUN, rs->run_generation);
			rs->nrun = rs->runpos = 0;
			if (ok)
				(void) NameidxDecodeRun(NameidxPageGetContents(page), NameidxPageGetUsed(page),
										collect_row, rs);
			UnlockReleaseBuffer(buf);
			if (!ok)
				break;
			rs->page++;
		}
		if (rs->runpos >= rs->nrun && rs->page < rs->npages)
		{
			rs->generation = 0;	/* a merge: reload after rs->last */
			continue;
		}
		have_run = rs->runpos < rs->nrun;
		have_pending = rs->pendpos < rs->npending;
		if (!have_run && !have_pending)
			return false;
		if (have_run && (!have_pending || rs->run[rs->runpos] <= rs->pending[rs->pendpos]))
		{
			v = rs->run[rs->runpos++];
			if (have_pending && rs->pending[rs->pendpos] == v)
				rs->pendpos++;
		}
		else
			v = rs->pending[rs->pendpos++];
		rs->last = v;
		*tid = v;
		return true;
	}
}

/* ---- what a scan asks for ---- */

/*
 * The passenger name and threshold of the scan: from the first match key,
 * else from the ORDER BY operator.  Returns false if the answer is empty
 * (a NULL argument: the operators are strict).  *query stays NULL when the
 * scan has neither.
 */
static bool
scan_query(IndexScanDesc scan, text **query, double *threshold)
{
	*query = NULL;
	*threshold = SC_INDEX_EXACT_FLOOR;
	if (scan->numberOfKeys > 0)
	{
		ScanKey		key = &scan->keyData[0];

		if (key->sk_flags & SK_ISNULL)
			return false;
		switch (key->sk_strategy)
		{
			case NAMEIDX_MATCH_SETTING_STRATEGY:
				*query = DatumGetTextPP(key->sk_argument);
				*threshold = screening_match_threshold;
				break;
			case NAMEIDX_MATCH_QUERY_STRATEGY:
				{
					HeapTupleHeader nq = DatumGetHeapTupleHeader(key->sk_argument);
					bool		isnull;
					Datum		name = GetAttributeByNum(nq, 1, &isnull);

					if (isnull)
						return false;
					*query = DatumGetTextPP(name);
					*threshold = DatumGetFloat4(GetAttributeByNum(nq, 2, &isnull));
					/* the operators match nothing with such a threshold */
					if (isnull || isnan(*threshold) || *threshold < 0.0 || *threshold > 1.0)
						return false;
				}
				break;
			default:
				elog(ERROR, "unrecognized nameidx strategy number: %d", key->sk_strategy);
		}
		/* nor with a name over the cap (they are LEAKPROOF: no error) */
		return VARSIZE_ANY_EXHDR(*query) <= SC_MAX_NAME_BYTES;
	}
	if (scan->numberOfOrderBys > 0)
	{
		ScanKey		key = &scan->orderByData[0];

		if (key->sk_flags & SK_ISNULL)
			return false;
		*query = DatumGetTextPP(key->sk_argument);
	}
	return true;
}

/*
 * Candidates of the scan into tbm; returns the postings read.  A scan the
 * keys cannot answer (a threshold below the floor, a name with too many
 * keys, no name at all) reads every row: the recheck keeps it exact.
 */
static int64
collect_candidates(IndexScanDesc scan, TIDBitmap *tbm, TIDBitmap *uncovered)
{
	text	   *query;
	double		threshold;
	NameidxSearch search;

	if (!scan_query(scan, &query, &threshold))
		return 0;
	NameidxPrepareSearch(query, threshold, &search);
	return NameidxCollect(scan->indexRelation, &search, tbm, uncovered);
}

int64
nmgetbitmap(IndexScanDesc scan, TIDBitmap *tbm)
{
	NameidxScanOpaque so = (NameidxScanOpaque) scan->opaque;
	MemoryContext old = MemoryContextSwitchTo(so->scanCtx);
	int64		n = collect_candidates(scan, tbm, NULL);

	MemoryContextSwitchTo(old);
	MemoryContextReset(so->scanCtx);
	return n;
}

/* ---- tuple at a time ---- */

static bool
returned_before(NameidxScanOpaque so, uint64 tid)
{
	return so->nreturned > 0 &&
		bsearch(&tid, so->returned, so->nreturned, sizeof(uint64), NameidxCompareTids) != NULL;
}

/* Next TID from the current bitmap, or false at its end. */
static bool
next_from_bitmap(NameidxScanOpaque so, ItemPointer tid)
{
	for (;;)
	{
		if (so->page == NULL)
		{
			so->page = tbm_iterate(so->iterator);
			if (so->page == NULL)
				return false;
			so->pageoffset = 0;
		}
		if (so->page->ntuples >= 0)
		{
			if (so->pageoffset < so->page->ntuples)
			{
				ItemPointerSet(tid, so->page->blockno, so->page->offsets[so->pageoffset++]);
				return true;
			}
		}
		else if (so->pageoffset < MaxHeapTuplesPerPage)
		{
			/* a lossy page: every offset; the heap fetch skips those with no row */
			so->pageoffset++;
			ItemPointerSet(tid, so->page->blockno, (OffsetNumber) so->pageoffset);
			return true;
		}
		so->page = NULL;
	}
}

/* Remember a TID returned before the every-row phase. */
static void
remember_returned(NameidxScanOpaque so, uint64 v)
{
	if (so->nreturned == so->maxreturned)
	{
		so->maxreturned = Max(1024, so->maxreturned * 2);
		so->returned = so->returned ?
			repalloc_huge(so->returned, sizeof(uint64) * so->maxreturned) :
			palloc_extended(sizeof(uint64) * so->maxreturned, MCXT_ALLOC_HUGE);
	}
	so->returned[so->nreturned++] = v;
}

static void
start_bitmap(NameidxScanOpaque so, TIDBitmap *tbm)
{
	if (so->iterator)
		tbm_end_iterate(so->iterator);
	so->iterator = tbm_begin_iterate(tbm);
	so->page = NULL;
}

/*
 * Plain scans return the candidates.  Ordered scans without a WHERE match
 * return, with a lower bound on the distance the executor then computes:
 *   phase 1  rows meeting the coverage rule               bound 0
 *   phase 2  rows sharing a key but not meeting the rule  bound 1 - SC_UNCOVERED_CAP
 *   phase 3  every other row, streamed in TID order       bound 1 (their exact
 *            distance: they score below the floor, where distance saturates)
 * The executor emits a row once no later bound can beat it, so LIMIT k
 * stops within phase 1 when k rows score above 0.79, within phase 2 when k
 * score 0.5 or more, and a few rows into phase 3 otherwise.
 */
bool
nmgettuple(IndexScanDesc scan, ScanDirection dir)
{
	NameidxScanOpaque so = (NameidxScanOpaque) scan->opaque;
	MemoryContext old = MemoryContextSwitchTo(so->scanCtx);
	ItemPointerData tid;
	bool		found = false;
	bool		rank = so->ordered && scan->numberOfKeys == 0;

	if (dir != ForwardScanDirection)
		elog(ERROR, "nameidx only supports forward scans");
	/* nmcostestimate keeps the planner from asking; a forced plan gets this */
	if (scan->xs_want_itup)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("nameidx index \"%s\" cannot serve an index-only scan",
						RelationGetRelationName(scan->indexRelation)),
				 errhint("Use a plain or bitmap index scan, or a sequential scan.")));
	if (!so->collected)
	{
		so->candidates = tbm_create(work_mem * 1024L, NULL);
		so->uncovered = rank ? tbm_create(work_mem * 1024L, NULL) : NULL;
		collect_candidates(scan, so->candidates, so->uncovered);
		start_bitmap(so, so->candidates);
		so->collected = true;
	}
	while (!found && so->phase <= 2)
	{
		if (next_from_bitmap(so, &tid))
		{
			if (rank)
				remember_returned(so, NameidxTidToInt(&tid));
			found = true;
			break;
		}
		if (so->phase == 1 && rank)
		{
			so->phase = 2;
			start_bitmap(so, so->uncovered);
		}
		else
		{
			so->phase = rank ? 3 : 4;
			tbm_end_iterate(so->iterator);
			so->iterator = NULL;
			/* phases 1 and 2 each came in TID order; phase 3 looks TIDs up */
			if (so->nreturned > 1)
				qsort(so->returned, so->nreturned, sizeof(uint64), NameidxCompareTids);
		}
	}
	while (!found && so->phase == 3)
	{
		uint64		v;

		if (!NameidxNextRow(scan->indexRelation, &so->rows, &v))
		{
			so->phase = 4;
			break;
		}
		if (returned_before(so, v))
			continue;
		NameidxIntToTid(v, &tid);
		found = true;
	}
	if (found)
	{
		scan->xs_heaptid = tid;
		scan->xs_recheck = true;
		if (so->ordered)
		{
			float4		bound = 0.0f;

			if (so->phase == 2)
				bound = (float4) (1.0 - (double) SC_UNCOVERED_CAP);	/* as the distance computes it */
			else if (so->phase == 3)
				bound = 1.0f;
			scan->xs_orderbyvals[0] = Float4GetDatum(bound);
			scan->xs_orderbynulls[0] = false;
			scan->xs_recheckorderby = true;
		}
	}
	MemoryContextSwitchTo(old);
	return found;
}
