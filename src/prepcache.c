/*
 * prepcache.c - a per-backend cache of prepared listed names.
 *
 * Why: in `watchlist.name ~% passenger` the scorer prepares the listed name
 * of every candidate row (normalization, transliteration variants, token
 * features: about 60 % of a recheck), and a screening join meets the same
 * listed names over and over: every passenger called SHIN or KNANA is
 * rechecked against the same few thousand SHIN or KNANA rows.  fn_extra
 * keeps only the last name per argument, which helps the constant side and
 * not the row side.  This cache keeps recently prepared names, packed
 * (sc_prep_pack.c, a few hundred bytes instead of 33 kB), keyed by their
 * bytes, so a listed name is prepared once per backend while it stays in.
 *
 * Choices:
 *  - Keyed by the name's bytes (hash, then full comparison), not by heap TID:
 *    the same name in several rows or tables is one entry, and an updated row
 *    cannot return a stale preparation.
 *  - Emptied when the scoring dictionary is reloaded (token frequencies or
 *    name equivalents changed): preparations depend on it.
 *  - Bounded by screening.prepared_name_cache (kB, per backend; 0 turns it
 *    off), counted in whole arena blocks the entries are carved from.  When full it is emptied and refills, rather than tracking
 *    recency: a screening workload's hot names come back within a few
 *    passengers, and emptying is O(1) with a memory context reset.
 *  - It never changes an answer: an unpacked name scores exactly as the one
 *    it was packed from (test/unit/test_score.c), and the setting only
 *    trades memory for time.
 */
#include "screening.h"

#include "common/hashfn.h"
#include "utils/memutils.h"

int			screening_prepared_name_cache_kb = 32768;

typedef struct cache_slot
{
	uint32		hash;
	uint32		keylen;
	char	   *entry;			/* key bytes, then the packed name at packed_offset(keylen) */
} cache_slot;

static MemoryContext cache_cxt = NULL;
static cache_slot *slots = NULL;
static uint32 nslots = 0;		/* a power of two */
static uint32 nused = 0;
static Size bytes_used = 0;
static uint64 cache_generation = 0;
static char *arena = NULL;		/* entries are carved from blocks of ARENA_BLOCK bytes */
static Size arena_left = 0;

#define ARENA_BLOCK ((Size) 256 * 1024)

static inline Size
packed_offset(uint32 keylen)
{
	return MAXALIGN(keylen);
}

/* Forget everything: the memory goes back with one context reset. */
static void
cache_empty(void)
{
	Size		cap = (Size) screening_prepared_name_cache_kb * 1024;

	if (cache_cxt == NULL)
		cache_cxt = AllocSetContextCreate(TopMemoryContext, "screening prepared names",
										  ALLOCSET_DEFAULT_SIZES);
	MemoryContextReset(cache_cxt);
	/* a slot per 256 bytes of budget: a packed two-variant name is about 400 */
	nslots = 1024;
	while ((Size) nslots * 256 < cap && nslots < (1U << 24))
		nslots <<= 1;
	slots = MemoryContextAllocZero(cache_cxt, sizeof(cache_slot) * nslots);
	nused = 0;
	bytes_used = sizeof(cache_slot) * nslots;
	arena = NULL;
	arena_left = 0;
}

/* need bytes, 8-byte aligned, from the arena; NULL when the budget is spent. */
static char *
cache_alloc(Size need)
{
	Size		cap = (Size) screening_prepared_name_cache_kb * 1024;
	char	   *p;

	need = MAXALIGN(need);
	if (need > arena_left)
	{
		/* small budgets get small blocks, so that they still hold several */
		Size		block = Max(Min(ARENA_BLOCK, cap / 16), need);

		if (bytes_used + block > cap)
			return NULL;
		arena = MemoryContextAlloc(cache_cxt, block);
		arena_left = block;
		bytes_used += block;
	}
	p = arena;
	arena += need;
	arena_left -= need;
	return p;
}

/*
 * Prepare name (len bytes) into *out, from the cache when it holds it.
 * Returns sc_name_prepare's status and raises nothing for bad input: the
 * LEAKPROOF operators must not, the other callers report it
 * (screening_report).
 */
sc_status
screening_prepare_name(const char *name, Size len, const sc_dict *dict, uint64 generation,
					   sc_name_prep *out)
{
	uint32		h;
	uint32		i;
	Size		need;
	sc_status	st;
	char	   *entry;

	if (screening_prepared_name_cache_kb <= 0 || len > SC_MAX_NAME_BYTES)
	{
		screening_check_encoding();
		return sc_name_prepare(name, len, dict, out);
	}
	if (slots == NULL || cache_generation != generation)
	{
		cache_empty();
		cache_generation = generation;
	}
	h = hash_bytes((const unsigned char *) name, (int) len);
	for (i = h & (nslots - 1); slots[i].entry != NULL; i = (i + 1) & (nslots - 1))
	{
		if (slots[i].hash == h && slots[i].keylen == len &&
			memcmp(slots[i].entry, name, len) == 0)
		{
			sc_name_prep_unpack(slots[i].entry + packed_offset((uint32) len), out);
			return SC_OK;
		}
	}

	screening_check_encoding();
	st = sc_name_prepare(name, len, dict, out);
	if (st != SC_OK)
		return st;

	need = packed_offset((uint32) len) + sc_name_prep_packed_size(out);
	entry = (nused + 1) * 2 > nslots ? NULL : cache_alloc(need);
	if (entry == NULL)
	{
		cache_empty();
		entry = cache_alloc(need);
		if (entry == NULL)
			return SC_OK;				/* a budget too small for even this one name */
		for (i = h & (nslots - 1); slots[i].entry != NULL; i = (i + 1) & (nslots - 1))
			;
	}
	memcpy(entry, name, len);
	sc_name_prep_pack(out, entry + packed_offset((uint32) len));
	slots[i].hash = h;
	slots[i].keylen = (uint32) len;
	slots[i].entry = entry;
	nused++;
	bytes_used += need;
	return SC_OK;
}
