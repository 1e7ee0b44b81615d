/*
 * nameidx.h - the data dictionary of the nameidx index access method.
 *
 * Design, reasoning and cost model are in the header of nmutils.c.  This file
 * holds what every part of the AM shares: strategy numbers, the page layout
 * (page opaque, metapage, directory, run and pending pages), the frozen build
 * options, the scan state, and the prototypes grouped by file.
 */
#ifndef NAMEIDX_H
#define NAMEIDX_H

#include "compat.h"

#include "access/amapi.h"
#include "access/generic_xlog.h"
#include "access/itup.h"
#include "access/relscan.h"
#include "executor/tuptable.h"
#include "nodes/tidbitmap.h"
#include "storage/bufmgr.h"
#include "utils/relcache.h"
#include "utils/tuplesort.h"

#include "sc_score.h"

/* Strategies of the default operator class (text_name_ops). */
#define NAMEIDX_MATCH_SETTING_STRATEGY	1	/* text ~% text: threshold from screening.match_threshold */
#define NAMEIDX_MATCH_QUERY_STRATEGY	2	/* text ~% name_query: threshold in the argument */
#define NAMEIDX_DISTANCE_STRATEGY		3	/* text <~%> text: ORDER BY distance */
#define NAMEIDX_NSTRATEGIES				3
#define NAMEIDX_NPROCS					0

/* Identification. */
#define NAMEIDX_MAGIC			0x4E4D4958	/* "NMIX" */
#define NAMEIDX_VERSION			2	/* 2: several sorted runs */
#define NAMEIDX_PAGE_ID			0xFF91	/* for pg_filedump, at the end of every page */
#define NAMEIDX_METAPAGE_BLKNO	0

/* Page kinds (NameidxPageOpaque.flags). */
#define NAMEIDX_META		(1 << 0)
#define NAMEIDX_DIRECTORY	(1 << 1)
#define NAMEIDX_RUN			(1 << 2)
#define NAMEIDX_PENDING		(1 << 3)
#define NAMEIDX_DELETED		(1 << 4)

typedef struct NameidxPageOpaqueData
{
	BlockNumber next;			/* next page of a directory or pending chain */
	uint32		generation;		/* merge generation the page belongs to */
	uint16		flags;
	uint16		nameidx_page_id;	/* NAMEIDX_PAGE_ID */
} NameidxPageOpaqueData;

typedef NameidxPageOpaqueData *NameidxPageOpaque;

#define NameidxPageGetOpaque(page) ((NameidxPageOpaque) PageGetSpecialPointer(page))
#define NameidxPageGetContents(page) ((char *) PageGetContents(page))
#define NameidxPageGetUsed(page) \
	((Size) (((PageHeader) (page))->pd_lower - ((char *) PageGetContents(page) - (char *) (page))))
#define NameidxPageCapacity() \
	((Size) (BLCKSZ - MAXALIGN(SizeOfPageHeaderData) - MAXALIGN(sizeof(NameidxPageOpaqueData))))

/* Build options, frozen into the metapage at build time. */
typedef struct NameidxOptions
{
	int32		vl_len_;		/* varlena header (do not touch directly!) */
	int			pending_pages;	/* merge the pending list once it has this many pages */
	int			fillfactor;		/* how full run pages are packed, in percent */
} NameidxOptions;

#define NAMEIDX_DEFAULT_PENDING_PAGES	256
#define NAMEIDX_MIN_PENDING_PAGES		8
#define NAMEIDX_MAX_PENDING_PAGES		131072
#define NAMEIDX_DEFAULT_FILLFACTOR		100
#define NAMEIDX_MIN_FILLFACTOR			50
#define NAMEIDX_MAX_FILLFACTOR			100

/*
 * A sorted run: postings sorted by key then TID, listed by a directory
 * chain.  Its pages carry the generation number it was written under.
 */
typedef struct NameidxRunInfo
{
	uint32		generation;		/* of its pages */
	BlockNumber dir_head;		/* its directory chain */
	uint32		npages;			/* run pages */
	uint32		unused;
	uint64		entries;		/* postings */
	uint64		rows;			/* ROW postings */
	uint64		nkeys;			/* distinct keys */
} NameidxRunInfo;

/* Runs are merged so that each is at least twice the next: at most about log2(index / pending list). */
#define NAMEIDX_MAX_RUNS		12

typedef struct NameidxMetaPageData
{
	uint32		magic;
	uint32		version;		/* on-disk format */
	uint32		normalization_version;	/* SC_NORMALIZATION_VERSION the keys were made with */
	uint32		key_version;	/* SC_KEY_VERSION: the key rules */
	char		icu_version[16];	/* ICU the keys were made with */
	int32		pending_pages_limit;	/* frozen options */
	int32		fillfactor;
	uint32		generation;		/* of the current structure; bumped by every merge */
	uint32		last_generation;	/* highest ever handed out, so that the pages of
									 * an interrupted merge never share a number
									 * with a live structure */
	BlockNumber pending_head;	/* pending list: unsorted postings since the last merge */
	BlockNumber pending_tail;
	uint32		npending_pages;
	uint32		nruns;
	uint64		pending_entries;
	uint64		nrows;			/* ROW postings: indexed rows, live or not yet vacuumed */
	NameidxRunInfo runs[NAMEIDX_MAX_RUNS];	/* oldest (largest) first */
} NameidxMetaPageData;

#define NameidxPageGetMeta(page) ((NameidxMetaPageData *) PageGetContents(page))

/* A directory entry: the first key of a run page, and the page. */
typedef struct NameidxDirEntry
{
	uint32		fence;
	BlockNumber blkno;
} NameidxDirEntry;

#define NAMEIDX_DIR_PER_PAGE ((int) (NameidxPageCapacity() / sizeof(NameidxDirEntry)))

/*
 * The index's own keys (name keys are never 0 or 1, sc_keys.c):
 *   ROW       every row has exactly one posting under it, NULL names included:
 *             it lists the rows in TID order, for "every row" reads.
 *   OVERFLOW  a name whose key set does not fit SC_MAX_KEYS is filed here,
 *             and every search reads it, so that it is never missed.
 */
#define NAMEIDX_ROW_KEY			0u
#define NAMEIDX_OVERFLOW_KEY	1u
#define NAMEIDX_MAX_ROW_KEYS	(SC_MAX_KEYS + 2)

/* Most postings one run page can hold: a segment's first TID takes 6 bytes, a delta at least 1. */
#define NAMEIDX_MAX_PAGE_POSTINGS ((int) NameidxPageCapacity())

/* A pending posting: 10 bytes, unaligned on the page. */
#define NAMEIDX_PENDING_ENTRY_SIZE (sizeof(uint32) + sizeof(ItemPointerData))
#define NAMEIDX_PENDING_PER_PAGE ((int) (NameidxPageCapacity() / NAMEIDX_PENDING_ENTRY_SIZE))

/*
 * What a search reads (NameidxPrepareSearch).  keys: the distinct keys to
 * probe, sorted (OVERFLOW first).  every_row: the keys cannot answer (a
 * threshold below the floor, a name with too many keys); the search reads
 * the ROW key instead.  covering: the threshold is at or above
 * SC_COVERED_FLOOR, so a row is a candidate only if the query tokens its
 * shared keys stand for meet the coverage rule; first[k] and count[k] give
 * key k's entries in tagged (its variant and token mask).
 */
typedef struct NameidxSearch
{
	bool		every_row;
	bool		covering;
	int			nkeys;
	uint32	   *keys;
	int		   *first;
	int		   *count;
	sc_tagged_key *tagged;
	int			ntagged;
	sc_query_cover cover;
} NameidxSearch;

/* Heap TIDs as 48-bit integers, so that run pages can store them as deltas. */
static inline uint64
NameidxTidToInt(ItemPointer tid)
{
	return ((uint64) ItemPointerGetBlockNumberNoCheck(tid) << 16) | ItemPointerGetOffsetNumberNoCheck(tid);
}

static inline void
NameidxIntToTid(uint64 v, ItemPointer tid)
{
	ItemPointerSet(tid, (BlockNumber) (v >> 16), (OffsetNumber) (v & 0xFFFF));
}

/* A posting while building or merging. */
typedef struct NameidxPosting
{
	uint32		key;
	uint64		tid;			/* NameidxTidToInt */
} NameidxPosting;

/* Sorts postings by (key, TID) within a memory budget, spilling to disk (nminsert.c). */
typedef struct NameidxPostingSort
{
	Tuplesortstate *sort;
	TupleDesc	desc;
	TupleTableSlot *slot;
} NameidxPostingSort;

/* Writes a sorted run page by page from postings given in order (nminsert.c). */
#define NAMEIDX_RUN_BUFFER 8192

typedef struct NameidxRunWriter
{
	Relation	index;
	uint32		generation;
	Size		cap;			/* bytes per page, after the fill factor */
	NameidxPosting buf[NAMEIDX_RUN_BUFFER];
	int			nbuf;
	NameidxDirEntry *dir;
	int			ndir;
	int			maxdir;
	uint64		entries;
	uint64		rows;			/* ROW postings written */
	uint64		distinct;		/* distinct keys written */
	bool		any;			/* a posting was written (for distinct) */
	uint32		lastkey;
} NameidxRunWriter;

/*
 * The directories of the runs, read from the index (cached per relcache
 * entry by structure generation, one allocation): run r's entries are
 * entries[start[r] .. start[r] + npages[r]).
 */
typedef struct NameidxDirectory
{
	uint32		generation;
	int			nruns;
	int			start[NAMEIDX_MAX_RUNS];
	int			npages[NAMEIDX_MAX_RUNS];
	uint32		run_generation[NAMEIDX_MAX_RUNS];
	NameidxDirEntry entries[FLEXIBLE_ARRAY_MEMBER];
} NameidxDirectory;

/*
 * Reading every row in TID order, resumable across a merge: the ROW key's
 * postings of the oldest run, page by page, merged with those of the other
 * runs and the pending list, loaded whole (they hold the rows inserted
 * since the last full merge).
 */
typedef struct NameidxRowStream
{
	uint32		generation;		/* structure loaded; 0 = nothing */
	uint32		run_generation;	/* of the oldest run's pages */
	uint64		last;			/* last TID returned (0: none yet) */
	BlockNumber *pages;			/* the oldest run's pages holding ROW postings */
	int			npages;
	int			page;			/* next of pages[] to read */
	uint64	   *run;			/* decoded ROW TIDs of the current page, > last */
	int			nrun;
	int			runpos;
	uint64	   *pending;		/* ROW TIDs of the other runs and the pending list, sorted, > last */
	int64		npending;
	int64		pendpos;
} NameidxRowStream;

/* The per-scan state. */
typedef struct NameidxScanOpaqueData
{
	MemoryContext scanCtx;		/* everything the scan allocates; reset on rescan */
	TIDBitmap  *candidates;		/* for amgettuple: candidates of the match */
	TIDBitmap  *uncovered;		/* ordered scans: candidates failing the coverage rule */
	TBMIterator *iterator;
	TBMIterateResult *page;		/* current bitmap page while returning tuples */
	int			pageoffset;		/* next offset within it */
	bool		collected;		/* candidates computed */
	bool		ordered;		/* an ORDER BY distance scan */
	int			phase;			/* 1 covered candidates, 2 uncovered, 3 every other row, 4 done */
	uint64	   *returned;		/* ordered scans: TIDs returned in phases 1 and 2 */
	int64		nreturned;
	int64		maxreturned;
	NameidxRowStream rows;		/* ordered scans, phase 2 */
} NameidxScanOpaqueData;

typedef NameidxScanOpaqueData *NameidxScanOpaque;

/* nmutils.c */
extern void nameidx_init(void);
extern void NameidxInitPage(Page page, uint16 flags, uint32 generation);
extern void NameidxFillMetapage(Relation index, Page page);
extern Buffer NameidxNewBuffer(Relation index);
extern void NameidxCheckMetapage(Relation index, Page page);
extern NameidxMetaPageData *NameidxReadMeta(Relation index, NameidxMetaPageData *copy);
extern int	NameidxRowKeys(Datum value, bool isnull, uint32 *keys);
extern void NameidxPrepareSearch(text *query, double threshold, struct NameidxSearch *search);
extern bool NameidxPageValid(Page page, uint16 flags, uint32 generation);
extern Size NameidxEncodeRun(const NameidxPosting *p, int n, char *out, Size cap, int *consumed);
extern bool NameidxDecodeRun(const char *data, Size len,
							 bool (*fn) (uint32 key, uint64 tid, void *arg), void *arg);
extern int	NameidxCompareTids(const void *a, const void *b);
extern void NameidxPendingPageForEach(Page page, void (*fn) (uint32 key, uint64 tid, void *arg), void *arg);
extern int	NameidxProbeRun(const char *data, Size len, uint32 key, uint64 *tids);
extern bytea *nmoptions(Datum reloptions, bool validate);
extern const char *NameidxIcuVersion(void);

/* nminsert.c */
extern IndexBuildResult *nmbuild(Relation heap, Relation index, struct IndexInfo *indexInfo);
extern void nmbuildempty(Relation index);
extern bool nminsert(Relation index, Datum *values, bool *isnull, ItemPointer ht_ctid,
					 Relation heapRel, IndexUniqueCheck checkUnique,
					 AMINSERT_UNCHANGED_PARAM struct IndexInfo *indexInfo);
extern void NameidxRunWriterInit(NameidxRunWriter *w, Relation index, uint32 generation, int fillfactor);
extern void NameidxRunWriterAdd(NameidxRunWriter *w, uint32 key, uint64 tid);
extern void NameidxRunWriterFinish(NameidxRunWriter *w, BlockNumber *dir_head, uint32 *nrunpages);
extern void NameidxPostingSortBegin(NameidxPostingSort *ps, int memory_kb);
extern void NameidxPostingSortPut(NameidxPostingSort *ps, uint32 key, uint64 tid);
extern void NameidxPostingSortDone(NameidxPostingSort *ps);
extern bool NameidxPostingSortNext(NameidxPostingSort *ps, uint32 *key, uint64 *tid);
extern void NameidxPostingSortEnd(NameidxPostingSort *ps);
extern char *nmbuildphasename(int64 phasenum);

/* nmscan.c */
extern IndexScanDesc nmbeginscan(Relation r, int nkeys, int norderbys);
extern void nmrescan(IndexScanDesc scan, ScanKey scankey, int nscankeys,
					 ScanKey orderbys, int norderbys);
extern bool nmgettuple(IndexScanDesc scan, ScanDirection dir);
extern int64 nmgetbitmap(IndexScanDesc scan, TIDBitmap *tbm);
extern void nmendscan(IndexScanDesc scan);
extern int64 NameidxCollect(Relation index, const NameidxSearch *search, TIDBitmap *tbm,
							TIDBitmap *uncovered);
extern NameidxDirectory *NameidxLoadDirectory(Relation index, const NameidxMetaPageData *meta);
extern bool NameidxNextRow(Relation index, NameidxRowStream *rs, uint64 *tid);

/* nmvacuum.c */
extern IndexBulkDeleteResult *nmbulkdelete(IndexVacuumInfo *info, IndexBulkDeleteResult *stats,
										   IndexBulkDeleteCallback callback, void *callback_state);
extern IndexBulkDeleteResult *nmvacuumcleanup(IndexVacuumInfo *info, IndexBulkDeleteResult *stats);
extern void NameidxMerge(Relation index, int memory_kb, bool full);

/* nmcost.c */
extern void nmcostestimate(struct PlannerInfo *root, struct IndexPath *path, double loop_count,
						   Cost *indexStartupCost, Cost *indexTotalCost,
						   Selectivity *indexSelectivity, double *indexCorrelation,
						   double *indexPages);

/* nmvalidate.c */
extern bool nmvalidate(Oid opclassoid);
extern void NameidxCheckOpclass(Relation index);

/* nmcheck.c: nameidx_check(regclass, bool) is SQL-callable only */

#endif							/* NAMEIDX_H */
