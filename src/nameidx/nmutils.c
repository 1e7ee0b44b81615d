/*
 * nmutils.c - nameidx: an index access method that makes fuzzy name screening fast and exact.
 *
 * What it answers
 *   listed_name ~% 'passenger'                  (threshold: screening.match_threshold)
 *   listed_name ~% name_query('passenger', t)   (threshold in the argument)
 *   ORDER BY listed_name <~%> 'passenger' LIMIT k
 * and, through the planner's commutators, the same written the other way
 * round.  It is a two-stage design, like the external engines: the index
 * finds candidates by keys, the scorer (name_score) decides.
 *
 * Why it is exact
 *   The scorer guarantees (sc_score.c, "anchoring") that a pair scoring
 *   SC_INDEX_EXACT_FLOOR (0.5) or more has an anchor pairing of one of a few
 *   kinds, and sc_keys.c turns each kind into a key both names produce: exact
 *   tokens, spelling families, consonant skeletons, Double Metaphone codes,
 *   one-letter deletions keyed with their position (which meet for
 *   strings one edit apart, and not for two), joined windows of adjacent tokens, the whole name; equivalence
 *   classes are expanded on the passenger side at search time, so editing
 *   screening.name_equivalents needs no rebuild.  So: every listed name
 *   scoring at least the floor shares a key with the passenger.  The index
 *   returns every row sharing a key (hash collisions only add rows), and the
 *   executor rechecks the operator on the heap tuple (which scores against its
 *   threshold: sc_name_score_floor turns away, by a cheap bound, most rows
 *   that share one token and cannot reach it).  A threshold below the
 *   floor cannot be served from keys: the scan then returns every row, which
 *   the recheck filters (correct, slow; the cost estimate steers the planner
 *   away).  At 0.8 and above a second guarantee narrows the candidates: a
 *   pair whose visible pairings cover less than 60 % of the passenger's
 *   weight scores at most 0.79 (sc_score.c, "coverage"), so the scan keeps
 *   only rows whose shared keys cover that much (sc_query_covered).  For
 *   ORDER BY the distance saturates at 1 below the floor, and the scan
 *   returns covered rows (distance bound 0), then uncovered rows sharing a
 *   key (bound 0.21), then every other row (distance exactly 1); the
 *   executor reorders by exact distance (nmscan.c).
 *   test/unit/test_keys.c checks the key guarantee over millions of pairs;
 *   the SQL tests compare every index answer with a sequential scan.
 *
 * Layout (nameidx.h)
 *   block 0            metapage: format and key-rule versions, the ICU version
 *                      the keys were made with, frozen options, the current
 *                      structure generation, the sorted runs and the pending
 *                      list.
 *   sorted runs        up to NAMEIDX_MAX_RUNS; each holds postings (32-bit
 *                      key hash, heap TID) sorted by key then TID, packed
 *                      into pages as segments
 *                        [key u32][count u16][first TID 6 bytes][TID deltas varbyte...]
 *                      and a directory chain listing each of its pages with
 *                      its first key.  A row's postings are all in one run
 *                      (or all in the pending list).
 *   pending list       postings added since the last merge, unsorted, 10 bytes
 *                      each, in a chain of pages (GIN's fast-update idea).
 *   Every page carries its kind and a generation number: a run's pages the
 *   number it was written under, pending pages the structure's.
 *
 * Writes
 *   CREATE INDEX sorts all postings (tuplesort, within maintenance_work_mem)
 *   and writes one run.  INSERT appends to the pending list.  When the
 *   pending list reaches the frozen option pending_pages, it is sorted and
 *   merged, with the newest runs while the next older run holds at most
 *   twice the postings gathered (nmvacuum.c, merge_from), into a new
 *   run under a new generation number; dead TIDs are dropped and the old
 *   pages go to the free space map.  So runs at least double in size from
 *   newest to oldest, a posting is rewritten about log2(index / pending
 *   list) times, and a merge usually rewrites a small part of the index.
 *   (Format 1 had one run that every merge rewrote whole: loading a
 *   1M-name list through inserts took many minutes.)  VACUUM merges
 *   everything into one run, the fastest to search.  Writers take turns on
 *   the maintenance lock; scans never take it.  Every page change goes
 *   through generic WAL, so the index survives crashes and replicates to
 *   standbys.
 *
 * Reads
 *   A scan reads the metapage once, then the runs' directories (cached per
 *   relcache entry by structure generation), then for each of the
 *   passenger's keys, in key order, the pages of each run that can hold it,
 *   then the whole pending list.  Each page read is checked for its kind
 *   and generation; if a merge replaced a run under the scan, the scan
 *   starts again on the new structure (the candidates found so far stay
 *   valid: a merge only moves postings and drops dead ones).  Candidates
 *   accumulate in a TIDBitmap, which respects work_mem.
 *
 * Cost model
 *   A three-token listed name gives about 40 keys (10 bytes of posting each,
 *   less with delta coding in long key groups).  A search probes the keys of
 *   the passenger's heavy tokens, about 10 to 40, each costing per run a
 *   binary search in the cached directory and one or two page reads, plus
 *   the pending pages; then the executor rechecks each candidate (heap fetch and
 *   one name_score).  The candidates are the rows sharing an anchor-capable
 *   key: few for a name with a rare token, many when every token of the
 *   passenger is common (MUHAMMAD ALI), which is the slow case.  nmcost.c
 *   charges per estimated candidate; make bench measures it all.
 */
#include "nameidx.h"

#include "access/reloptions.h"
#include "catalog/pg_type.h"
#include "commands/vacuum.h"
#include "miscadmin.h"
#include "port/pg_bitutils.h"
#include "storage/indexfsm.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "screening.h"

PG_FUNCTION_INFO_V1(screening_nameidx_handler);

static relopt_kind nameidx_relopt_kind;

/* Called from _PG_init: register the build options. */
void
nameidx_init(void)
{
	nameidx_relopt_kind = add_reloption_kind();
	add_int_reloption(nameidx_relopt_kind, "pending_pages",
					  "Pages of unsorted postings after which inserts merge them into the sorted run",
					  NAMEIDX_DEFAULT_PENDING_PAGES, NAMEIDX_MIN_PENDING_PAGES, NAMEIDX_MAX_PENDING_PAGES,
					  AccessExclusiveLock);
	add_int_reloption(nameidx_relopt_kind, "fillfactor",
					  "Packs sorted run pages to this percentage",
					  NAMEIDX_DEFAULT_FILLFACTOR, NAMEIDX_MIN_FILLFACTOR, NAMEIDX_MAX_FILLFACTOR,
					  AccessExclusiveLock);
}

bytea *
nmoptions(Datum reloptions, bool validate)
{
	static const relopt_parse_elt tab[] = {
		{"pending_pages", RELOPT_TYPE_INT, offsetof(NameidxOptions, pending_pages)},
		{"fillfactor", RELOPT_TYPE_INT, offsetof(NameidxOptions, fillfactor)},
	};

	return (bytea *) build_reloptions(reloptions, validate, nameidx_relopt_kind,
									  sizeof(NameidxOptions), tab, lengthof(tab));
}

Datum
screening_nameidx_handler(PG_FUNCTION_ARGS)
{
	IndexAmRoutine *amroutine = makeNode(IndexAmRoutine);

	/* capabilities */
	amroutine->amstrategies = NAMEIDX_NSTRATEGIES;
	amroutine->amsupport = NAMEIDX_NPROCS;
	amroutine->amoptsprocnum = 0;
	amroutine->amcanorder = false;
	amroutine->amcanorderbyop = true;
	amroutine->amcanbackward = false;
	amroutine->amcanunique = false;
	amroutine->amcanmulticol = false;
	amroutine->amoptionalkey = true;
	amroutine->amsearcharray = false;
	amroutine->amsearchnulls = false;
	amroutine->amstorage = false;
	amroutine->amclusterable = false;
	amroutine->ampredlocks = false;
	amroutine->amcanparallel = false;
	amroutine->amcaninclude = false;
	amroutine->amusemaintenanceworkmem = true;
	amroutine->amparallelvacuumoptions = VACUUM_OPTION_NO_PARALLEL;
	amroutine->amkeytype = InvalidOid;
	SCREENING_AM_EXTRA_CAPABILITIES(amroutine);

	/* interface functions */
	amroutine->ambuild = nmbuild;
	amroutine->ambuildempty = nmbuildempty;
	amroutine->aminsert = nminsert;
	amroutine->ambulkdelete = nmbulkdelete;
	amroutine->amvacuumcleanup = nmvacuumcleanup;
	amroutine->amcanreturn = NULL;
	amroutine->amcostestimate = nmcostestimate;
	amroutine->amoptions = nmoptions;
	amroutine->amproperty = NULL;
	amroutine->ambuildphasename = nmbuildphasename;
	amroutine->amvalidate = nmvalidate;
	amroutine->amadjustmembers = NULL;
	amroutine->ambeginscan = nmbeginscan;
	amroutine->amrescan = nmrescan;
	amroutine->amgettuple = nmgettuple;
	amroutine->amgetbitmap = nmgetbitmap;
	amroutine->amendscan = nmendscan;
	amroutine->ammarkpos = NULL;
	amroutine->amrestrpos = NULL;
	amroutine->amestimateparallelscan = NULL;
	amroutine->aminitparallelscan = NULL;
	amroutine->amparallelrescan = NULL;
	SCREENING_AM_EXTRA_FUNCTIONS(amroutine);

	PG_RETURN_POINTER(amroutine);
}

const char *
NameidxIcuVersion(void)
{
	return sc_icu_version();
}

void
NameidxInitPage(Page page, uint16 flags, uint32 generation)
{
	NameidxPageOpaque opaque;

	PageInit(page, BLCKSZ, sizeof(NameidxPageOpaqueData));
	opaque = NameidxPageGetOpaque(page);
	opaque->next = InvalidBlockNumber;
	opaque->generation = generation;
	opaque->flags = flags;
	opaque->nameidx_page_id = NAMEIDX_PAGE_ID;
}

/* Is this a live page of the given kind and generation (as a scan expects it)? */
bool
NameidxPageValid(Page page, uint16 flags, uint32 generation)
{
	NameidxPageOpaque opaque;

	if (PageIsNew(page) || PageGetSpecialSize(page) != MAXALIGN(sizeof(NameidxPageOpaqueData)))
		return false;
	opaque = NameidxPageGetOpaque(page);
	return opaque->nameidx_page_id == NAMEIDX_PAGE_ID &&
		(opaque->flags & flags) != 0 &&
		(opaque->flags & NAMEIDX_DELETED) == 0 &&
		opaque->generation == generation;
}

void
NameidxFillMetapage(Relation index, Page page)
{
	NameidxOptions *opts = (NameidxOptions *) index->rd_options;
	NameidxMetaPageData *meta;

	NameidxInitPage(page, NAMEIDX_META, 0);
	meta = NameidxPageGetMeta(page);
	memset(meta, 0, sizeof(NameidxMetaPageData));
	meta->magic = NAMEIDX_MAGIC;
	meta->version = NAMEIDX_VERSION;
	meta->normalization_version = SC_NORMALIZATION_VERSION;
	meta->key_version = SC_KEY_VERSION;
	strlcpy(meta->icu_version, NameidxIcuVersion(), sizeof(meta->icu_version));
	/* the options are frozen here for the life of the index */
	meta->pending_pages_limit = opts ? opts->pending_pages : NAMEIDX_DEFAULT_PENDING_PAGES;
	meta->fillfactor = opts ? opts->fillfactor : NAMEIDX_DEFAULT_FILLFACTOR;
	meta->generation = meta->last_generation = 1;
	meta->nruns = 0;
	meta->pending_head = meta->pending_tail = InvalidBlockNumber;
	((PageHeader) page)->pd_lower += sizeof(NameidxMetaPageData);
}

/*
 * Refuse an index whose keys were made by other rules: a different key rule,
 * normalization or ICU version could leave matching rows without a shared
 * key, and the index would silently miss them.
 */
void
NameidxCheckMetapage(Relation index, Page page)
{
	NameidxMetaPageData *meta = NameidxPageGetMeta(page);

	if (!NameidxPageValid(page, NAMEIDX_META, 0) || meta->magic != NAMEIDX_MAGIC)
		ereport(ERROR,
				(errcode(ERRCODE_INDEX_CORRUPTED),
				 errmsg("index \"%s\" is not a nameidx index", RelationGetRelationName(index))));
	if (meta->version != NAMEIDX_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INDEX_CORRUPTED),
				 errmsg("index \"%s\" has format version %u; this library reads version %d",
						RelationGetRelationName(index), meta->version, NAMEIDX_VERSION),
				 errhint("REINDEX the index.")));
	if (meta->normalization_version != SC_NORMALIZATION_VERSION ||
		meta->key_version != SC_KEY_VERSION ||
		strcmp(meta->icu_version, NameidxIcuVersion()) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("index \"%s\" was built by other name rules than this server uses",
						RelationGetRelationName(index)),
				 errdetail("Built with normalization version %u, key rules %u, ICU %s; running %d, %d, ICU %s.",
						   meta->normalization_version, meta->key_version, meta->icu_version,
						   SC_NORMALIZATION_VERSION, SC_KEY_VERSION, NameidxIcuVersion()),
				 errhint("REINDEX the index.")));
}

/* A copy of the metapage contents, checked. */
NameidxMetaPageData *
NameidxReadMeta(Relation index, NameidxMetaPageData *copy)
{
	Buffer		buf = ReadBuffer(index, NAMEIDX_METAPAGE_BLKNO);
	Page		page;

	LockBuffer(buf, BUFFER_LOCK_SHARE);
	page = BufferGetPage(buf);
	NameidxCheckMetapage(index, page);
	memcpy(copy, NameidxPageGetMeta(page), sizeof(NameidxMetaPageData));
	UnlockReleaseBuffer(buf);
	return copy;
}

/*
 * A new page, pinned and exclusively locked: from the free space map if it
 * has one, else by extending the relation.  The caller initializes it.
 */
Buffer
NameidxNewBuffer(Relation index)
{
	Buffer		buffer;
	bool		needLock;

	for (;;)
	{
		BlockNumber blkno = GetFreeIndexPage(index);

		if (blkno == InvalidBlockNumber)
			break;
		buffer = ReadBuffer(index, blkno);
		/* someone may have taken it meanwhile: use it only if it is really free */
		if (ConditionalLockBuffer(buffer))
		{
			Page		page = BufferGetPage(buffer);

			if (PageIsNew(page) ||
				(PageGetSpecialSize(page) == MAXALIGN(sizeof(NameidxPageOpaqueData)) &&
				 (NameidxPageGetOpaque(page)->flags & NAMEIDX_DELETED)))
				return buffer;
			LockBuffer(buffer, BUFFER_LOCK_UNLOCK);
		}
		ReleaseBuffer(buffer);
	}
	needLock = !RELATION_IS_LOCAL(index);
	if (needLock)
		LockRelationForExtension(index, ExclusiveLock);
	buffer = ReadBuffer(index, P_NEW);
	LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
	if (needLock)
		UnlockRelationForExtension(index, ExclusiveLock);
	return buffer;
}

/*
 * The postings keys of an indexed row: the ROW key, then the name's keys
 * (or the OVERFLOW key for a name with too many).  Sorted.  Keys depend only
 * on the text and the compiled tables, never on the user dictionary, so a
 * backend-wide dictionary of the compiled legal forms is enough here.
 */
int
NameidxRowKeys(Datum value, bool isnull, uint32 *keys)
{
	static sc_dict *legal_only = NULL;
	text	   *t;
	sc_name_prep *prep;
	sc_status	st;
	int			n;

	keys[0] = NAMEIDX_ROW_KEY;
	if (isnull)
		return 1;
	if (legal_only == NULL)
	{
		legal_only = sc_dict_new(SC_DICT_LEGAL);
		if (legal_only == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory building the legal-form table")));
	}
	t = DatumGetTextPP(value);
	screening_check_encoding();
	prep = palloc(sizeof(sc_name_prep));
	st = sc_name_prepare(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), legal_only, prep);
	if (st != SC_OK)
		screening_report(st, VARSIZE_ANY_EXHDR(t));
	n = sc_candidate_keys(prep, keys + 1, SC_MAX_KEYS);
	pfree(prep);
	if (n < 0)
	{
		keys[1] = NAMEIDX_OVERFLOW_KEY;
		n = 1;
	}
	return n + 1;
}

/*
 * What a search for this passenger name at this threshold reads: the name's
 * query keys with the current dictionary's classes, tagged with the tokens
 * they stand for when the threshold brings in the coverage rule; plus
 * OVERFLOW, where names with too many keys are filed.
 */
void
NameidxPrepareSearch(text *query, double threshold, NameidxSearch *search)
{
	uint64		generation;
	const sc_dict *dict;
	sc_name_prep *prep;
	sc_status	st;
	int			n,
				i;

	memset(search, 0, sizeof(*search));
	/* an ordered scan's name over the cap is at distance 1 from every row */
	if (query == NULL || threshold < SC_INDEX_EXACT_FLOOR || VARSIZE_ANY_EXHDR(query) > SC_MAX_NAME_BYTES)
	{
		search->every_row = true;
		return;
	}
	screening_check_encoding();
	dict = screening_dictionary(&generation);
	prep = palloc(sizeof(sc_name_prep));
	st = sc_name_prepare(VARDATA_ANY(query), VARSIZE_ANY_EXHDR(query), dict, prep);
	if (st != SC_OK)
	{
		/* the operators match nothing with it (they are LEAKPROOF): the recheck says so */
		pfree(prep);
		search->every_row = true;
		return;
	}
	search->tagged = palloc(sizeof(sc_tagged_key) * SC_MAX_KEYS);
	n = sc_query_keys_tagged(prep, dict, search->tagged, SC_MAX_KEYS, &search->cover);
	pfree(prep);
	if (n < 0)
	{
		search->every_row = true;
		return;
	}
	search->ntagged = n;
	search->covering = threshold >= SC_COVERED_FLOOR;
	search->keys = palloc(sizeof(uint32) * (n + 1));
	search->first = palloc(sizeof(int) * (n + 1));
	search->count = palloc(sizeof(int) * (n + 1));
	search->keys[0] = NAMEIDX_OVERFLOW_KEY;
	search->first[0] = search->count[0] = 0;
	search->nkeys = 1;
	/* tagged is sorted by key: one probe per distinct key */
	for (i = 0; i < n; i++)
	{
		if (search->keys[search->nkeys - 1] != search->tagged[i].key)
		{
			search->keys[search->nkeys] = search->tagged[i].key;
			search->first[search->nkeys] = i;
			search->count[search->nkeys] = 0;
			search->nkeys++;
		}
		search->count[search->nkeys - 1]++;
	}
}

/* ---- run page encoding ---- */

static int
varbyte_put(uint64 v, char *out)
{
	int			n = 0;

	while (v >= 0x80)
	{
		out[n++] = (char) ((v & 0x7F) | 0x80);
		v >>= 7;
	}
	out[n++] = (char) v;
	return n;
}

static int
varbyte_len(uint64 v)
{
	int			n = 1;

	while (v >= 0x80)
	{
		v >>= 7;
		n++;
	}
	return n;
}

#define SEGMENT_HEADER (sizeof(uint32) + sizeof(uint16) + 6)

/*
 * Encode sorted postings p[0..n) into out (at most cap bytes), as many as
 * fit.  Returns the bytes written; *consumed gets the postings encoded.
 */
Size
NameidxEncodeRun(const NameidxPosting *p, int n, char *out, Size cap, int *consumed)
{
	Size		used = 0;
	int			i = 0;

	while (i < n && used + SEGMENT_HEADER <= cap)
	{
		uint32		key = p[i].key;
		Size		start = used;
		uint16		count = 1;
		uint64		prev = p[i].tid;
		char	   *hdr = out + used;

		memcpy(hdr, &key, sizeof(uint32));
		/* count is written once known */
		hdr[6] = (char) (prev >> 40);
		hdr[7] = (char) (prev >> 32);
		hdr[8] = (char) (prev >> 24);
		hdr[9] = (char) (prev >> 16);
		hdr[10] = (char) (prev >> 8);
		hdr[11] = (char) prev;
		used += SEGMENT_HEADER;
		i++;
		while (i < n && p[i].key == key && count < PG_UINT16_MAX)
		{
			uint64		delta = p[i].tid - prev;

			if (used + varbyte_len(delta) > cap)
				break;
			used += varbyte_put(delta, out + used);
			prev = p[i].tid;
			count++;
			i++;
		}
		memcpy(out + start + sizeof(uint32), &count, sizeof(uint16));
	}
	*consumed = i;
	return used;
}

/* The first TID of a segment, stored big-endian after its key and count. */
static inline uint64
segment_first_tid(const unsigned char *h)
{
	return ((uint64) h[6] << 40) | ((uint64) h[7] << 32) | ((uint64) h[8] << 24) |
		((uint64) h[9] << 16) | ((uint64) h[10] << 8) | (uint64) h[11];
}

/* One varbyte TID delta at *pos; false if it runs off the page, is too long or is 0. */
static inline bool
varbyte_get(const char *data, Size len, Size *pos, uint64 *delta)
{
	int			shift = 0;

	*delta = 0;
	for (;;)
	{
		unsigned char b;

		if (*pos >= len || shift > 56)
			return false;
		b = (unsigned char) data[(*pos)++];
		*delta |= (uint64) (b & 0x7F) << shift;
		if (!(b & 0x80))
			break;
		shift += 7;
	}
	return *delta != 0;
}

/*
 * The position after the next n varbyte deltas from pos, or -1 if the page
 * ends first.  A delta ends at a byte with its high bit clear, so skipping
 * is counting such bytes, eight at a time where the page allows: a probe
 * walks past the segments of every smaller key on its page, a common key's
 * segment holds hundreds of postings, and walking them a byte at a time was
 * a tenth of a manifest join.
 */
static inline int64
varbyte_skip(const char *data, Size len, Size pos, int n)
{
#ifndef WORDS_BIGENDIAN
	while (n > 0 && pos + sizeof(uint64) <= len)
	{
		uint64		word;
		uint64		ends;
		int			count;

		memcpy(&word, data + pos, sizeof(uint64));
		ends = ~word & UINT64CONST(0x8080808080808080);
		count = pg_popcount64(ends);
		if (count < n)
		{
			n -= count;
			pos += sizeof(uint64);
			continue;
		}
		/* the n-th end in this word: drop the n - 1 before it (lowest address first) */
		while (--n > 0)
			ends &= ends - 1;
		return (int64) pos + pg_rightmost_one_pos64(ends) / 8 + 1;
	}
#endif
	while (n > 0)
	{
		if (pos >= len)
			return -1;
		if ((data[pos] & 0x80) == 0)
			n--;
		pos++;
	}
	return (int64) pos;
}

/* Decode a run page's data, calling fn for each posting until it returns false. */
bool
NameidxDecodeRun(const char *data, Size len, bool (*fn) (uint32 key, uint64 tid, void *arg), void *arg)
{
	Size		pos = 0;

	while (pos + SEGMENT_HEADER <= len)
	{
		uint32		key;
		uint16		count;
		uint64		tid;
		const unsigned char *h = (const unsigned char *) data + pos;
		int			k;

		memcpy(&key, h, sizeof(uint32));
		memcpy(&count, h + sizeof(uint32), sizeof(uint16));
		tid = segment_first_tid(h);
		pos += SEGMENT_HEADER;
		if (count == 0)
			return false;		/* corrupt: the check function reports it */
		if (!fn(key, tid, arg))
			return true;
		for (k = 1; k < count; k++)
		{
			uint64		delta;

			if (!varbyte_get(data, len, &pos, &delta))
				return false;
			tid += delta;
			if (!fn(key, tid, arg))
				return true;
		}
	}
	return pos == len;
}


/* qsort and bsearch order of TIDs as integers (NameidxTidToInt). */
int
NameidxCompareTids(const void *a, const void *b)
{
	uint64		x = *(const uint64 *) a;
	uint64		y = *(const uint64 *) b;

	return (x > y) - (x < y);
}

/* Call fn for each (key, TID) posting on a pending page, in the order they were added. */
void
NameidxPendingPageForEach(Page page, void (*fn) (uint32 key, uint64 tid, void *arg), void *arg)
{
	int			n = NameidxPageGetUsed(page) / NAMEIDX_PENDING_ENTRY_SIZE;
	const char *data = NameidxPageGetContents(page);
	int			i;

	for (i = 0; i < n; i++)
	{
		uint32		key;
		ItemPointerData tid;

		memcpy(&key, data + i * NAMEIDX_PENDING_ENTRY_SIZE, sizeof(uint32));
		memcpy(&tid, data + i * NAMEIDX_PENDING_ENTRY_SIZE + sizeof(uint32), sizeof(ItemPointerData));
		fn(key, NameidxTidToInt(&tid), arg);
	}
}

/*
 * Decode key's postings on a run page into tids, in TID order, reading no
 * further than the key's last segment and skipping the TIDs of the segments
 * before it without decoding them: a search reads one key's postings, not
 * the page's.  tids has room for NAMEIDX_MAX_PAGE_POSTINGS.  Returns the
 * count, or -1 if the page does not decode.  The caller gets a whole batch,
 * not a call per posting, because a search reads up to a few hundred
 * thousand postings and a call each was most of its time.
 */
int
NameidxProbeRun(const char *data, Size len, uint32 key, uint64 *tids)
{
	Size		pos = 0;
	int			n = 0;

	while (pos + SEGMENT_HEADER <= len)
	{
		uint32		k;
		uint16		count;
		const unsigned char *h = (const unsigned char *) data + pos;

		memcpy(&k, h, sizeof(uint32));
		memcpy(&count, h + sizeof(uint32), sizeof(uint16));
		if (count == 0)
			return -1;
		if (k > key)
			return n;
		pos += SEGMENT_HEADER;
		if (k < key)
		{
			int64		next = varbyte_skip(data, len, pos, count - 1);

			if (next < 0)
				return -1;
			pos = (Size) next;
			continue;
		}
		if (n + count > NAMEIDX_MAX_PAGE_POSTINGS)
			return -1;			/* more than a page can hold: corrupt */
		{
			uint64		tid = segment_first_tid(h);
			int			i;

			tids[n++] = tid;
			for (i = 1; i < count; i++)
			{
				uint64		delta;

				if (!varbyte_get(data, len, &pos, &delta))
					return -1;
				tid += delta;
				tids[n++] = tid;
			}
		}
	}
	return pos == len ? n : -1;
}
