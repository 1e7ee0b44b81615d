/*
 * fuzz_score.c - the name score and the index keys on two arbitrary names.
 *
 * Input: passenger name, newline, listed name.  Invariants: the score is in
 * [0, 1]; a prepared name survives packing (the per-backend cache stores it
 * packed) with the same score; and the promise nameidx rests on: a pair
 * scoring SC_INDEX_EXACT_FLOOR or more shares a key (or one side has too many
 * keys, which the index treats as matching every row).  The keys are made as
 * nameidx makes them: the listed side with the legal-forms table only, the
 * passenger side with the whole dictionary.
 */
#include "fuzz_common.h"
#include "sc_core.h"
#include "sc_score.h"

static sc_name_prep q,
			c,
			c_row,
			unpacked;
static uint32_t qkeys[SC_MAX_KEYS],
			ckeys[SC_MAX_KEYS];
static uint64_t packed[(sizeof(sc_name_prep) + 4096) / 8 + 1];

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t	x = *(const uint32_t *) a,
				y = *(const uint32_t *) b;

	return x < y ? -1 : x > y;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static sc_dict *legal = NULL;
	const sc_dict *dict = sc_dict_builtin();
	const uint8_t *p = data,
			   *end = data + size;
	size_t		qlen,
				clen;
	const char *qs = fuzz_field(&p, end, &qlen);
	const char *cs = fuzz_field(&p, end, &clen);
	double		s,
				s2;
	int			nq,
				nc,
				i,
				shared = 0;

	if (legal == NULL)
		legal = sc_dict_new(SC_DICT_LEGAL);
	if (sc_name_prepare(qs, qlen, dict, &q) != SC_OK || sc_name_prepare(cs, clen, dict, &c) != SC_OK)
		return 0;
	s = sc_name_score_prepared(&q, &c, NULL);
	fuzz_check(s >= 0.0 && s <= 1.0, "score in [0, 1]");

	fuzz_check(sc_name_prep_packed_size(&c) <= sizeof(packed), "packed size bounded");
	sc_name_prep_pack(&c, packed);
	sc_name_prep_unpack(packed, &unpacked);
	s2 = sc_name_score_prepared(&q, &unpacked, NULL);
	fuzz_check(s2 == s, "packing keeps the score");
	{
		/* the operators' floored score: the same verdict, and the score itself when it reaches */
		static const double floors[] = {SC_INDEX_EXACT_FLOOR, 0.7, SC_COVERED_FLOOR, 0.9};

		for (i = 0; i < (int) (sizeof(floors) / sizeof(floors[0])); i++)
		{
			double		f = sc_name_score_floor(&q, &c, floors[i]);

			fuzz_check(sc_score_reaches(f, floors[i]) == sc_score_reaches(s, floors[i]) &&
					   (!sc_score_reaches(s, floors[i]) || f == s),
					   "the floored score agrees with the score");
		}
	}

	if (s < SC_INDEX_EXACT_FLOOR)
		return 0;
	fuzz_check(sc_name_prepare(cs, clen, legal, &c_row) == SC_OK, "the listed name prepares for the index");
	nq = sc_query_keys(&q, dict, qkeys, SC_MAX_KEYS);
	nc = sc_candidate_keys(&c_row, ckeys, SC_MAX_KEYS);
	if (nq < 0 || nc < 0)
		return 0;				/* too many keys: the index reads every row */
	qsort(qkeys, (size_t) nq, sizeof(uint32_t), cmp_u32);
	for (i = 0; i < nc && !shared; i++)
		shared = bsearch(&ckeys[i], qkeys, (size_t) nq, sizeof(uint32_t), cmp_u32) != NULL;
	if (!shared)
		fprintf(stderr, "score %.4f, no shared key: '%.*s' / '%.*s'\n", s, (int) qlen, qs, (int) clen, cs);
	fuzz_check(shared, "a pair scoring at least the index floor shares a key");
	return 0;
}
