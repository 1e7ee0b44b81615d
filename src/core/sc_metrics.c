/*
 * sc_metrics.c - edit distances and Jaro-Winkler over code points.
 *
 * These are the per-token comparisons the scorer runs millions of times a
 * second, so each is a plain dynamic program over fixed stack arrays: no
 * allocation, no hashing, no table built at run time.  All take code points,
 * so "ЮЛИЯ" has four characters, not eight bytes.
 *
 * Jaro (1989) counts characters that agree within a window of
 * max(len) / 2 - 1 positions and the transpositions among them; Winkler
 * (1990) boosts pairs above 0.7 by their common prefix (scale 0.1, at most
 * four characters).  Levenshtein (1966) is the textbook single-row program.
 * The optimal string alignment distance adds Damerau's (1964) adjacent
 * transposition with the usual restriction that no substring is edited
 * twice; Lowrance and Wagner (1975) lift it, which needs the whole matrix
 * and the last row each character was seen in.  The bounded OSA evaluates
 * only the diagonal band |i - j| <= k (Ukkonen, "Algorithms for approximate
 * string matching", 1985) and gives up once two consecutive rows exceed k.
 * The weighted distance is OSA with a cost table for the spelling, OCR and
 * transliteration variants of names; the table and its reasons are in
 * sc_metrics.h.
 *
 * What makes them fast: a common prefix and suffix are stripped before the
 * Levenshtein and OSA programs (matching an equal leading or trailing
 * character is always optimal, and a transposition across the cut would
 * need four equal characters); the matrix is laid out with the shorter
 * string as columns; the band of the bounded form is stored by diagonal,
 * 2k + 3 cells a row, so its memory does not grow with the input.  The
 * weighted program works in hundredths, in integers, so sums of costs are
 * exact and "0 only for equal strings" is not at the mercy of rounding.
 *
 * Notes on other implementations:
 *  - jellyfish (the source of our test vectors) returns Jaro 0 for two empty
 *    strings; we return 1, as identical inputs should.
 *  - jellyfish's damerau_levenshtein is the unrestricted distance; many
 *    libraries call OSA "Damerau-Levenshtein".  They differ on inputs like
 *    CA/ABC (3 against 2), which is why both are here under distinct names.
 *  - Winkler's strcmp95 also gives partial credit to "similar" characters
 *    and boosts long strings; jellyfish offers the latter as "long
 *    tolerance".  We leave both out: the weighted distance is where character
 *    similarity belongs, and the long-string boost rewards long surnames
 *    that merely share a root.
 *  - PostgreSQL's levenshtein_less_equal narrows the band as it goes; the
 *    fixed band here is simpler and, at the k of 1 to 3 that name matching
 *    uses, just as fast.
 *
 * Known limits: inputs past SC_METRIC_STACK_CPS code points fall back to
 * malloc'ed arrays (exact results, -1 if malloc fails); lengths are ints, so
 * an input is at most INT_MAX code points, far beyond any text value.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sc_metrics.h"

/* Weighted costs are kept in hundredths. */
#define W_UNIT			100
#define W_DOUBLED		25		/* doubled letter inserted or deleted */
#define W_NONE			(4 * W_UNIT)	/* "this rule does not apply" */

/* Stack arrays for the DP metrics: three rows of the shorter input. */
#define STACK_ROW		(SC_METRIC_STACK_CPS + 1)

static inline int
imin(int x, int y)
{
	return x < y ? x : y;
}

/*
 * Work memory: the caller's stack array when the need fits, else malloc.
 * *heap receives what must be freed (NULL for the stack case).
 */
static void *
work_alloc(void *stack, size_t stacksize, size_t need, void **heap)
{
	*heap = NULL;
	if (need <= stacksize)
		return stack;
	*heap = malloc(need);
	return *heap;
}

/*
 * Drop the common prefix and suffix of two inputs.  Only for metrics whose
 * costs do not look at neighbouring characters.
 */
static void
trim_common(const int32_t **a, int *alen, const int32_t **b, int *blen)
{
	int			n = imin(*alen, *blen);
	int			p = 0;

	while (p < n && (*a)[p] == (*b)[p])
		p++;
	*a += p;
	*b += p;
	*alen -= p;
	*blen -= p;
	while (*alen > 0 && *blen > 0 && (*a)[*alen - 1] == (*b)[*blen - 1])
	{
		(*alen)--;
		(*blen)--;
	}
}

/* Make b the shorter input, for metrics that are symmetric. */
static void
shorter_second(const int32_t **a, int *alen, const int32_t **b, int *blen)
{
	if (*alen < *blen)
	{
		const int32_t *t = *a;
		int			tl = *alen;

		*a = *b;
		*alen = *blen;
		*b = t;
		*blen = tl;
	}
}

/* ---- Jaro and Jaro-Winkler ---- */

double
sc_jaro(const int32_t *a, int alen, const int32_t *b, int blen)
{
	uint8_t		stackflags[2 * SC_METRIC_STACK_CPS];
	uint8_t    *aflag;
	uint8_t    *bflag;
	void	   *heap;
	int			window;
	int			matches = 0;
	int			half_transpositions = 0;
	int			i;
	int			j;

	if (alen <= 0 || blen <= 0)
		return (alen <= 0 && blen <= 0) ? 1.0 : 0.0;

	aflag = work_alloc(stackflags, sizeof(stackflags), (size_t) alen + blen, &heap);
	if (aflag == NULL)
		return -1.0;
	bflag = aflag + alen;
	memset(aflag, 0, (size_t) alen + blen);

	window = (alen > blen ? alen : blen) / 2 - 1;
	if (window < 0)
		window = 0;

	for (i = 0; i < alen; i++)
	{
		int			lo = i > window ? i - window : 0;
		int			hi = imin(i + window, blen - 1);

		for (j = lo; j <= hi; j++)
		{
			if (!bflag[j] && b[j] == a[i])
			{
				aflag[i] = bflag[j] = 1;
				matches++;
				break;
			}
		}
	}

	if (matches > 0)
	{
		/* matched characters of a and of b, paired in order */
		j = 0;
		for (i = 0; i < alen; i++)
		{
			if (!aflag[i])
				continue;
			while (!bflag[j])
				j++;
			if (a[i] != b[j])
				half_transpositions++;
			j++;
		}
	}
	free(heap);

	if (matches == 0)
		return 0.0;
	/* Jaro counts a transposition per out-of-order pair, rounding down. */
	return ((double) matches / alen + (double) matches / blen +
			(double) (matches - half_transpositions / 2) / matches) / 3.0;
}

double
sc_jaro_winkler(const int32_t *a, int alen, const int32_t *b, int blen)
{
	double		jaro = sc_jaro(a, alen, b, blen);
	int			prefix = 0;
	int			maxprefix = imin(imin(alen, blen), 4);

	/*
	 * Winkler boosts only pairs that already look alike: a shared first
	 * letter must not lift two unrelated names.
	 */
	if (jaro <= 0.7)
		return jaro;
	while (prefix < maxprefix && a[prefix] == b[prefix])
		prefix++;
	return jaro + prefix * 0.1 * (1.0 - jaro);
}

/* ---- Levenshtein ---- */

int
sc_levenshtein(const int32_t *a, int alen, const int32_t *b, int blen)
{
	int			stackrow[STACK_ROW];
	int		   *row;
	void	   *heap;
	int			i;
	int			j;
	int			result;

	trim_common(&a, &alen, &b, &blen);
	shorter_second(&a, &alen, &b, &blen);
	if (blen == 0)
		return alen;

	row = work_alloc(stackrow, sizeof(stackrow), ((size_t) blen + 1) * sizeof(int), &heap);
	if (row == NULL)
		return -1;

	for (j = 0; j <= blen; j++)
		row[j] = j;
	for (i = 1; i <= alen; i++)
	{
		int32_t		ai = a[i - 1];
		int			diag = row[0];	/* D[i-1][j-1] */

		row[0] = i;
		for (j = 1; j <= blen; j++)
		{
			int			up = row[j];	/* D[i-1][j] */
			int			v = diag + (ai != b[j - 1]);

			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			diag = up;
			row[j] = v;
		}
	}
	result = row[blen];
	free(heap);
	return result;
}

/* ---- optimal string alignment ---- */

/*
 * The full OSA program, three rows (i-2, i-1, i) over the columns of b.
 * Expects trimmed inputs with blen >= 1.
 */
static int
osa_full(const int32_t *a, int alen, const int32_t *b, int blen)
{
	int			stackrows[3 * STACK_ROW];
	int		   *r0;				/* row i - 2 */
	int		   *r1;				/* row i - 1 */
	int		   *r2;				/* row i */
	void	   *heap;
	int			i;
	int			j;
	int			result;

	r0 = work_alloc(stackrows, sizeof(stackrows), 3 * ((size_t) blen + 1) * sizeof(int), &heap);
	if (r0 == NULL)
		return -1;
	r1 = r0 + blen + 1;
	r2 = r1 + blen + 1;

	for (j = 0; j <= blen; j++)
		r1[j] = j;
	for (i = 1; i <= alen; i++)
	{
		int32_t		ai = a[i - 1];
		int		   *t;

		r2[0] = i;
		for (j = 1; j <= blen; j++)
		{
			int32_t		bj = b[j - 1];
			int			v = r1[j - 1] + (ai != bj);

			if (r1[j] + 1 < v)
				v = r1[j] + 1;
			if (r2[j - 1] + 1 < v)
				v = r2[j - 1] + 1;
			if (i > 1 && j > 1 && ai == b[j - 2] && a[i - 2] == bj && r0[j - 2] + 1 < v)
				v = r0[j - 2] + 1;
			r2[j] = v;
		}
		t = r0;
		r0 = r1;
		r1 = r2;
		r2 = t;
	}
	result = r1[blen];
	free(heap);
	return result;
}

int
sc_osa_distance(const int32_t *a, int alen, const int32_t *b, int blen)
{
	trim_common(&a, &alen, &b, &blen);
	shorter_second(&a, &alen, &b, &blen);
	if (blen == 0)
		return alen;
	return osa_full(a, alen, b, blen);
}

int
sc_osa_distance_bounded(const int32_t *a, int alen, const int32_t *b, int blen, int k)
{
	int			stackband[3 * (2 * SC_METRIC_STACK_CPS + 3)];
	int		   *r0;
	int		   *r1;
	int		   *r2;
	void	   *heap;
	int			width;
	int			big;
	int			prevmin;
	int			result;
	int			i;
	int			x;

	if (k < 0)
		k = 0;
	if (alen - blen > k || blen - alen > k)
		return k + 1;
	trim_common(&a, &alen, &b, &blen);
	/* rows over the shorter input: O(k * min(alen, blen)) */
	shorter_second(&b, &blen, &a, &alen);
	if (alen == 0)
		return blen;			/* <= k: the length test above */
	if (k >= alen)
	{
		/* the band would be the whole matrix */
		result = osa_full(b, blen, a, alen);
		return result > k ? k + 1 : result;
	}

	/*
	 * Band storage by diagonal: cell (i, j) of row i lives at x = j - i + k +
	 * 1, so the band |j - i| <= k is x = 1 .. 2k + 1, and x = 0 and x = 2k +
	 * 2 are borders that always read "more than k".  The neighbours of
	 * (i, j) then sit at fixed offsets: (i-1, j-1) and (i-2, j-2) at x in
	 * their rows, (i-1, j) at x + 1, (i, j-1) at x - 1.  Each row writes its
	 * valid cells and one border cell on either side; that covers every cell
	 * the next two rows read, so nothing stale is ever used.
	 */
	width = 2 * k + 3;
	big = k + 1;
	r0 = work_alloc(stackband, sizeof(stackband), 3 * (size_t) width * sizeof(int), &heap);
	if (r0 == NULL)
		return -1;
	r1 = r0 + width;
	r2 = r1 + width;
	for (x = 0; x < 3 * width; x++)
		r0[x] = big;
	for (x = k + 1; x < width - 1 && x - k - 1 <= blen; x++)
		r1[x] = x - k - 1;

	prevmin = 0;
	for (i = 1; i <= alen; i++)
	{
		int32_t		ai = a[i - 1];
		int			jlo = i > k ? i - k : 0;
		int			jhi = i + k < blen ? i + k : blen;
		int			off = k + 1 - i;	/* x = j + off */
		int			rowmin = big;
		int			j;
		int		   *t;

		r2[jlo + off - 1] = big;
		if (jlo == 0)
		{
			r2[off] = i;
			rowmin = i;
			jlo = 1;
		}
		for (j = jlo; j <= jhi; j++)
		{
			int32_t		bj = b[j - 1];
			int			x2 = j + off;
			int			v = r1[x2] + (ai != bj);

			if (r1[x2 + 1] + 1 < v)
				v = r1[x2 + 1] + 1;
			if (r2[x2 - 1] + 1 < v)
				v = r2[x2 - 1] + 1;
			if (j > 1 && ai == b[j - 2] && i > 1 && a[i - 2] == bj && r0[x2] + 1 < v)
				v = r0[x2] + 1;
			if (v > big)
				v = big;
			r2[x2] = v;
			if (v < rowmin)
				rowmin = v;
		}
		if (jhi + off + 1 < width)
			r2[jhi + off + 1] = big;

		/* every alignment crosses row i or row i - 1 */
		if (rowmin > k && prevmin > k)
		{
			free(heap);
			return big;
		}
		prevmin = rowmin;
		t = r0;
		r0 = r1;
		r1 = r2;
		r2 = t;
	}
	result = r1[blen - alen + k + 1];
	free(heap);
	return result > k ? big : result;
}

/* ---- Damerau-Levenshtein (unrestricted) ---- */

int
sc_damerau_levenshtein(const int32_t *a, int alen, const int32_t *b, int blen)
{
	/* matrix (alen + 2) x (blen + 2), then ids of a, ids of b, last rows */
	int			stackmem[(SC_METRIC_STACK_CPS + 2) * (SC_METRIC_STACK_CPS + 2) +
						 3 * SC_METRIC_STACK_CPS];
	int		   *h;
	int		   *ida;
	int		   *idb;
	int		   *lastrow;
	void	   *heap;
	size_t		cols = (size_t) blen + 2;
	size_t		cells = ((size_t) alen + 2) * cols;
	int			inf = alen + blen + 1;
	int			ndistinct = 0;
	int			i;
	int			j;
	int			result;

	if (alen == 0 || blen == 0)
		return alen + blen;

	h = work_alloc(stackmem, sizeof(stackmem),
				   (cells + 2 * (size_t) alen + blen) * sizeof(int), &heap);
	if (h == NULL)
		return -1;
	ida = h + cells;
	lastrow = ida + alen;
	idb = lastrow + alen;

	/*
	 * The algorithm needs, for each character of b, the last row of a it
	 * occurred in.  Give a's distinct characters dense ids (names have few,
	 * so a linear search beats hashing) and remember rows per id.
	 */
	for (i = 0; i < alen; i++)
	{
		int			d;

		for (d = 0; d < i && a[d] != a[i]; d++)
			;
		ida[i] = (d < i) ? ida[d] : ndistinct++;
	}
	for (j = 0; j < blen; j++)
	{
		for (i = 0; i < alen && a[i] != b[j]; i++)
			;
		idb[j] = (i < alen) ? ida[i] : -1;
	}
	memset(lastrow, 0, (size_t) ndistinct * sizeof(int));

#define H(r, c) h[(size_t) (r) * cols + (c)]
	H(0, 0) = inf;
	for (i = 0; i <= alen; i++)
	{
		H(i + 1, 0) = inf;
		H(i + 1, 1) = i;
	}
	for (j = 0; j <= blen; j++)
	{
		H(0, j + 1) = inf;
		H(1, j + 1) = j;
	}
	for (i = 1; i <= alen; i++)
	{
		int			lastcol = 0;	/* last column of this row where a[i] matched */

		for (j = 1; j <= blen; j++)
		{
			int			i1 = idb[j - 1] >= 0 ? lastrow[idb[j - 1]] : 0;
			int			j1 = lastcol;
			int			cost = 1;
			int			v;

			if (a[i - 1] == b[j - 1])
			{
				cost = 0;
				lastcol = j;
			}
			v = H(i, j) + cost;
			if (H(i + 1, j) + 1 < v)
				v = H(i + 1, j) + 1;
			if (H(i, j + 1) + 1 < v)
				v = H(i, j + 1) + 1;
			/* transpose b[j1] and b[j] across whatever lies between */
			if (H(i1, j1) + (i - i1 - 1) + 1 + (j - j1 - 1) < v)
				v = H(i1, j1) + (i - i1 - 1) + 1 + (j - j1 - 1);
			H(i + 1, j + 1) = v;
		}
		lastrow[ida[i - 1]] = i;
	}
	result = H(alen + 1, blen + 1);
#undef H
	free(heap);
	return result;
}

/* ---- weighted distance ---- */

/*
 * Confusion groups, ordered by cost so that the lowest group two characters
 * share gives their substitution cost.  The reasons are in sc_metrics.h.
 */
enum
{
	G_0O, G_1I, G_1L, G_5S, G_8B, G_2Z, G_6G,	/* OCR digit/letter, 0.25 */
	G_IY, G_VW, G_CK, G_KQ,		/* one sound, two spellings, 0.30 */
	G_OU, G_SZ, G_JY,			/* close sounds, 0.40 */
	G_EI, G_IL,					/* kasra; OCR between letters, 0.50 */
	G_CS, G_VOWEL,				/* C before front vowels; short vowels, 0.60 */
	G_COUNT
};

#define B(g) (UINT32_C(1) << (g))

static const uint8_t group_cost[G_COUNT] = {
	25, 25, 25, 25, 25, 25, 25,
	30, 30, 30, 30,
	40, 40, 40,
	50, 50,
	60, 60
};

static const uint32_t group_mask[128] = {
	['0'] = B(G_0O),
	['1'] = B(G_1I) | B(G_1L),
	['2'] = B(G_2Z),
	['5'] = B(G_5S),
	['6'] = B(G_6G),
	['8'] = B(G_8B),
	['A'] = B(G_VOWEL),
	['B'] = B(G_8B),
	['C'] = B(G_CK) | B(G_CS),
	['E'] = B(G_EI) | B(G_VOWEL),
	['G'] = B(G_6G),
	['I'] = B(G_1I) | B(G_IY) | B(G_EI) | B(G_IL) | B(G_VOWEL),
	['J'] = B(G_JY),
	['K'] = B(G_CK) | B(G_KQ),
	['L'] = B(G_1L) | B(G_IL),
	['O'] = B(G_0O) | B(G_OU) | B(G_VOWEL),
	['Q'] = B(G_KQ),
	['S'] = B(G_5S) | B(G_SZ) | B(G_CS),
	['U'] = B(G_OU) | B(G_VOWEL),
	['V'] = B(G_VW),
	['W'] = B(G_VW),
	['Y'] = B(G_IY) | B(G_JY),
	['Z'] = B(G_2Z) | B(G_SZ),
};

#undef B

/*
 * Two-letter spellings of one sound against one letter, a 2-for-1
 * substitution.  All digraphs end in H or K, which the caller tests first.
 */
typedef struct digraph_rule
{
	char		first;
	char		second;
	char		single;
	uint8_t		cost;
} digraph_rule;

static const digraph_rule digraphs[] = {
	{'C', 'K', 'K', 25},
	{'P', 'H', 'F', 30},
	{'K', 'H', 'H', 30},
	{'K', 'H', 'K', 30},
	{'G', 'H', 'G', 30},
	{'T', 'H', 'T', 30},
	{'D', 'H', 'D', 30},
	{'S', 'H', 'S', 50},
};

static inline int
substitution_cost(int32_t x, int32_t y)
{
	uint32_t	common;
	int			g;

	if (x == y)
		return 0;
	if (x < 0 || x > 127 || y < 0 || y > 127)
		return W_UNIT;
	common = group_mask[x] & group_mask[y];
	if (common == 0)
		return W_UNIT;
	for (g = 0; (common & 1) == 0; g++)
		common >>= 1;
	return group_cost[g];
}

/* Cost of the pair (x1, x2) standing for the single letter y, or W_NONE. */
static inline int
digraph_cost(int32_t x1, int32_t x2, int32_t y)
{
	size_t		r;

	if (x2 != 'H' && x2 != 'K')
		return W_NONE;
	for (r = 0; r < sizeof(digraphs) / sizeof(digraphs[0]); r++)
	{
		if (digraphs[r].first == x1 && digraphs[r].second == x2 &&
			digraphs[r].single == y)
			return digraphs[r].cost;
	}
	return W_NONE;
}

double
sc_weighted_distance(const int32_t *a, int alen, const int32_t *b, int blen,
					 double max_cost)
{
	int			stackrows[3 * STACK_ROW];
	int		   *r0;				/* row i - 2 */
	int		   *r1;				/* row i - 1 */
	int		   *r2;				/* row i */
	void	   *heap;
	bool		bounded = (max_cost >= 0.0);
	/* a hair above, so that max_cost = 0.29 admits a cost of 29 hundredths */
	double		limit = max_cost * W_UNIT + 1e-6;
	int			prevmin = 0;
	int			result;
	int			i;
	int			j;

	/* every rule reads the same in both directions, so order is free */
	shorter_second(&a, &alen, &b, &blen);
	if (blen == 0)
		return (double) alen;

	r0 = work_alloc(stackrows, sizeof(stackrows), 3 * ((size_t) blen + 1) * sizeof(int), &heap);
	if (r0 == NULL)
		return -1.0;
	r1 = r0 + blen + 1;
	r2 = r1 + blen + 1;

	/* nothing of a is aligned yet, so no insertion can double a letter */
	for (j = 0; j <= blen; j++)
		r1[j] = j * W_UNIT;

	for (i = 1; i <= alen; i++)
	{
		int32_t		ai = a[i - 1];
		bool		a_doubles = (i > 1 && a[i - 2] == ai);
		int			rowmin;
		int		   *t;

		r2[0] = i * W_UNIT;
		rowmin = r2[0];
		for (j = 1; j <= blen; j++)
		{
			int32_t		bj = b[j - 1];
			int			v = r1[j - 1] + substitution_cost(ai, bj);
			int			c;

			/*
			 * Deleting a[i] is cheap when it repeats the letter before it and
			 * b[j], the last letter of b aligned so far, is that letter too,
			 * so a copy survives: MOHAMMED/MOHAMED yes, ABBA/AA no.
			 * Insertion is the mirror image.
			 */
			c = (a_doubles && bj == ai) ? W_DOUBLED : W_UNIT;
			if (r1[j] + c < v)
				v = r1[j] + c;
			c = (j > 1 && b[j - 2] == bj && bj == ai) ? W_DOUBLED : W_UNIT;
			if (r2[j - 1] + c < v)
				v = r2[j - 1] + c;
			if (i > 1)
			{
				if (j > 1 && ai == b[j - 2] && a[i - 2] == bj && r0[j - 2] + W_UNIT < v)
					v = r0[j - 2] + W_UNIT;
				c = digraph_cost(a[i - 2], ai, bj);
				if (r0[j - 1] + c < v)
					v = r0[j - 1] + c;
			}
			if (j > 1)
			{
				c = digraph_cost(b[j - 2], bj, ai);
				if (r1[j - 2] + c < v)
					v = r1[j - 2] + c;
			}
			r2[j] = v;
			if (v < rowmin)
				rowmin = v;
		}

		/* every alignment crosses row i or row i - 1, and costs only grow */
		if (bounded && rowmin > limit && prevmin > limit)
		{
			free(heap);
			return (double) imin(rowmin, prevmin) / W_UNIT;
		}
		prevmin = rowmin;
		t = r0;
		r0 = r1;
		r1 = r2;
		r2 = t;
	}
	result = r1[blen];
	free(heap);
	return (double) result / W_UNIT;
}
