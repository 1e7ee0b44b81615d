/*
 * test_metrics.c - unit tests of sc_metrics.c.
 *
 * Three kinds of evidence:
 *  - public test vectors (jellyfish's testdata, read from the shared data
 *    folder at run time, one assertion per row), with our deliberate
 *    differences asserted as such;
 *  - independent references written here the slow, obvious way (full
 *    matrices, and for Damerau-Levenshtein a breadth-first search over all
 *    edit sequences) compared with the fast code on exhaustive and random
 *    inputs;
 *  - properties of the weighted distance and of code point handling.
 *
 * SCREENING_BENCH=1 also prints the speed of each metric on short names.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sc_metrics.h"
#include "sc_utf8.h"
#include "tap.h"

#define MAXCP 4096
#define TOL 0.001				/* jellyfish's own tolerance for its vectors */

/* ---- small helpers ---- */

/* Decode a test string; a decoding failure is a bug in the test itself. */
static int
cps(const char *s, int32_t *out)
{
	int			n = sc_utf8_to_cps(s, strlen(s), out, MAXCP);

	if (n < 0)
	{
		printf("Bail out! undecodable test string '%s'\n", s);
		exit(2);
	}
	return n;
}

static uint32_t
prng(uint32_t *state)
{
	/* xorshift32: deterministic across platforms */
	uint32_t	x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

static int
random_string(uint32_t *state, int32_t *out, int minlen, int maxlen, const char *alphabet)
{
	int			n = minlen + (int) (prng(state) % (uint32_t) (maxlen - minlen + 1));
	int			k = (int) strlen(alphabet);
	int			i;

	for (i = 0; i < n; i++)
		out[i] = (unsigned char) alphabet[prng(state) % (uint32_t) k];
	return n;
}

static void
cps_to_ascii(const int32_t *s, int n, char *out)
{
	int			i;

	for (i = 0; i < n && i < 200; i++)
		out[i] = (s[i] > 0 && s[i] < 128) ? (char) s[i] : '?';
	out[i] = '\0';
}

/*
 * A minimal CSV reader for the vector files: comma-separated, optional
 * double quotes with "" inside, LF or CRLF line ends.
 */
#define CSV_MAXF 8
typedef struct csv_row
{
	int			n;
	char	   *f[CSV_MAXF];
	char		buf[8192];
} csv_row;

static int
csv_next(FILE *fp, csv_row *row)
{
	char		line[8192];
	char	   *p;
	char	   *o;
	size_t		len;

	if (fgets(line, sizeof(line), fp) == NULL)
		return 0;
	row->n = 0;
	o = row->buf;
	len = strlen(line);
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	row->n = 0;
	p = line;
	for (;;)
	{
		if (row->n == CSV_MAXF)
			break;
		row->f[row->n++] = o;
		if (*p == '"')
		{
			p++;
			while (*p)
			{
				if (*p == '"' && p[1] == '"')
				{
					*o++ = '"';
					p += 2;
				}
				else if (*p == '"')
				{
					p++;
					break;
				}
				else
					*o++ = *p++;
			}
		}
		while (*p && *p != ',')
			*o++ = *p++;
		*o++ = '\0';
		if (*p != ',')
			break;
		p++;
	}
	return 1;
}

/* ---- slow references ---- */

static int
min3(int x, int y, int z)
{
	int			m = x < y ? x : y;

	return m < z ? m : z;
}

/* Full-matrix Levenshtein (with transpositions if osa), no shortcuts. */
static int
ref_edit(const int32_t *a, int n, const int32_t *b, int m, int osa)
{
	int		   *d = malloc(sizeof(int) * (size_t) (n + 1) * (size_t) (m + 1));
	int			i;
	int			j;
	int			r;

#define D(x, y) d[(x) * (m + 1) + (y)]
	for (i = 0; i <= n; i++)
		D(i, 0) = i;
	for (j = 0; j <= m; j++)
		D(0, j) = j;
	for (i = 1; i <= n; i++)
		for (j = 1; j <= m; j++)
		{
			D(i, j) = min3(D(i - 1, j) + 1, D(i, j - 1) + 1,
						   D(i - 1, j - 1) + (a[i - 1] != b[j - 1]));
			if (osa && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
				D(i - 2, j - 2) + 1 < D(i, j))
				D(i, j) = D(i - 2, j - 2) + 1;
		}
	r = D(n, m);
#undef D
	free(d);
	return r;
}

/* Jaro by its definition, with calloc'ed flags. */
static double
ref_jaro(const int32_t *a, int n, const int32_t *b, int m)
{
	char	   *fa = calloc((size_t) n + 1, 1);
	char	   *fb = calloc((size_t) m + 1, 1);
	int			w = (n > m ? n : m) / 2 - 1;
	int			matches = 0;
	int			t = 0;
	int			i;
	int			j;
	int			k;

	if (w < 0)
		w = 0;
	for (i = 0; i < n; i++)
		for (j = (i - w > 0 ? i - w : 0); j <= i + w && j < m; j++)
			if (!fb[j] && a[i] == b[j])
			{
				fa[i] = fb[j] = 1;
				matches++;
				break;
			}
	for (i = 0, k = 0; i < n; i++)
		if (fa[i])
		{
			while (!fb[k])
				k++;
			t += (a[i] != b[k]);
			k++;
		}
	free(fa);
	free(fb);
	if (matches == 0)
		return 0.0;
	return ((double) matches / n + (double) matches / m + (double) (matches - t / 2) / matches) / 3.0;
}

/*
 * Damerau-Levenshtein by breadth-first search over strings: the length of
 * the shortest sequence of insertions, deletions, substitutions and
 * adjacent swaps, which is what Lowrance and Wagner's algorithm claims to
 * compute.  Strings over {a,b,c} of length <= BFS_MAXLEN, coded in base 4.
 */
#define BFS_MAXLEN 6
#define BFS_STATES 16384		/* 4^7 */

static int
bfs_encode(const int *s, int n)
{
	int			code = 0;
	int			i;

	for (i = n - 1; i >= 0; i--)
		code = code * 4 + s[i] + 1;
	return code;
}

static int
bfs_decode(int code, int *s)
{
	int			n = 0;

	while (code > 0)
	{
		s[n++] = code % 4 - 1;
		code /= 4;
	}
	return n;
}

static void
bfs_from(int src, signed char *dist)
{
	static int	queue[BFS_STATES];
	int			head = 0;
	int			tail = 0;

	memset(dist, -1, BFS_STATES);
	dist[src] = 0;
	queue[tail++] = src;
	while (head < tail)
	{
		int			cur = queue[head++];
		int			s[BFS_MAXLEN + 1];
		int			t[BFS_MAXLEN + 1];
		int			n = bfs_decode(cur, s);
		int			p;
		int			c;
		int			nb[256];
		int			nn = 0;
		int			q;

		for (p = 0; p <= n && n < BFS_MAXLEN; p++)
			for (c = 0; c < 3; c++)
			{
				memcpy(t, s, sizeof(int) * p);
				t[p] = c;
				memcpy(t + p + 1, s + p, sizeof(int) * (n - p));
				nb[nn++] = bfs_encode(t, n + 1);
			}
		for (p = 0; p < n; p++)
		{
			memcpy(t, s, sizeof(int) * p);
			memcpy(t + p, s + p + 1, sizeof(int) * (n - p - 1));
			nb[nn++] = bfs_encode(t, n - 1);
			for (c = 0; c < 3; c++)
			{
				memcpy(t, s, sizeof(int) * n);
				t[p] = c;
				nb[nn++] = bfs_encode(t, n);
			}
			if (p + 1 < n)
			{
				memcpy(t, s, sizeof(int) * n);
				t[p] = s[p + 1];
				t[p + 1] = s[p];
				nb[nn++] = bfs_encode(t, n);
			}
		}
		for (q = 0; q < nn; q++)
			if (dist[nb[q]] < 0)
			{
				dist[nb[q]] = (signed char) (dist[cur] + 1);
				queue[tail++] = nb[q];
			}
	}
}

/* ---- vector files ---- */

static void
test_distance_vectors(const char *file, int (*fn) (const int32_t *, int, const int32_t *, int),
					  const char *fname)
{
	FILE	   *fp = tap_open_data(file);
	csv_row		row;
	int32_t		a[MAXCP];
	int32_t		b[MAXCP];

	if (fp == NULL)
		return;
	while (csv_next(fp, &row))
	{
		int			n;
		int			m;
		int			got;
		int			want;

		if (row.n < 3)
			continue;
		n = cps(row.f[0], a);
		m = cps(row.f[1], b);
		want = atoi(row.f[2]);
		got = fn(a, n, b, m);
		ok(got == want, "%s: %s('%s', '%s') = %d (expected %d)", file, fname,
		   row.f[0], row.f[1], got, want);
	}
	fclose(fp);
}

static void
test_similarity_vectors(const char *file, double (*fn) (const int32_t *, int, const int32_t *, int),
						const char *fname)
{
	FILE	   *fp = tap_open_data(file);
	csv_row		row;
	int32_t		a[MAXCP];
	int32_t		b[MAXCP];

	if (fp == NULL)
		return;
	while (csv_next(fp, &row))
	{
		int			n;
		int			m;
		double		got;
		double		want;

		if (row.n < 3)
			continue;
		n = cps(row.f[0], a);
		m = cps(row.f[1], b);
		want = atof(row.f[2]);
		got = fn(a, n, b, m);
		ok(fabs(got - want) < TOL, "%s: %s('%s', '%s') = %.4f (expected %s)", file, fname,
		   row.f[0], row.f[1], got, row.f[2]);
	}
	fclose(fp);
}

/*
 * jaro_winkler_longtol.csv holds jellyfish's long-tolerance variant, which we
 * deliberately do not implement.  Rows where the extra boost does not apply
 * must match as they are; rows where it does are asserted against the plain
 * Winkler value: the same pair's row in jaro_winkler.csv, or, for pairs that
 * file lacks, a value worked out by hand below.
 */
typedef struct hand_value
{
	const char *a;
	const char *b;
	double		value;
} hand_value;

static const hand_value longtol_hand[] = {
	/*
	 * 7 of 8 characters match, no transpositions: Jaro (7/8 + 7/8 + 1) / 3 =
	 * 0.91667; prefix "1abc" (4): 0.91667 + 0.4 * 0.08333 = 0.95.
	 * Long tolerance would add 0.05 * (7 - 4 - 1) / (16 - 8 + 2) = 0.01.
	 */
	{"1abcdefg", "1abcdefh", 0.95},
};

static void
test_longtol_vectors(void)
{
	FILE	   *plain = tap_open_data("vectors/jellyfish/jaro_winkler.csv");
	FILE	   *fp;
	csv_row		row;
	csv_row		prow;
	int32_t		a[MAXCP];
	int32_t		b[MAXCP];

	fp = tap_open_data("vectors/jellyfish/jaro_winkler_longtol.csv");
	if (fp == NULL || plain == NULL)
	{
		if (fp)
			fclose(fp);
		if (plain)
			fclose(plain);
		return;
	}
	while (csv_next(fp, &row))
	{
		int			n;
		int			m;
		double		got;
		double		want;
		const char *source = NULL;
		size_t		h;

		if (row.n < 3)
			continue;
		n = cps(row.f[0], a);
		m = cps(row.f[1], b);
		got = sc_jaro_winkler(a, n, b, m);
		want = atof(row.f[2]);
		if (fabs(got - want) < TOL)
		{
			ok(1, "jaro_winkler_longtol.csv: ('%s', '%s') = %.4f, no long-string boost applies",
			   row.f[0], row.f[1], got);
			continue;
		}
		rewind(plain);
		while (csv_next(plain, &prow))
			if (prow.n >= 3 && strcmp(prow.f[0], row.f[0]) == 0 && strcmp(prow.f[1], row.f[1]) == 0)
			{
				want = atof(prow.f[2]);
				source = "jaro_winkler.csv";
				break;
			}
		for (h = 0; source == NULL && h < sizeof(longtol_hand) / sizeof(longtol_hand[0]); h++)
			if (strcmp(longtol_hand[h].a, row.f[0]) == 0 && strcmp(longtol_hand[h].b, row.f[1]) == 0)
			{
				want = longtol_hand[h].value;
				source = "worked by hand";
			}
		ok(source != NULL && fabs(got - want) < TOL,
		   "jaro_winkler_longtol.csv: ('%s', '%s') = %.4f: KNOWN DIFFERENCE, long tolerance "
		   "not implemented (jellyfish longtol %s, plain Winkler %.3f, %s)",
		   row.f[0], row.f[1], got, row.f[2], want, source ? source : "no reference value");
	}
	fclose(fp);
	fclose(plain);
}

/*
 * Every vector row again with its letters mapped one-to-one into Cyrillic
 * (2-byte UTF-8) and into CJK ideographs (3 bytes): a metric that counted
 * bytes, or split a character, would change its answer.
 */
static int
map_cps(const int32_t *s, int n, int32_t *out, int32_t base)
{
	int			i;

	for (i = 0; i < n; i++)
		out[i] = (s[i] < 128) ? base + s[i] : s[i];
	return n;
}

static void
test_script_invariance(void)
{
	static const char *const files[] = {
		"vectors/jellyfish/levenshtein.csv", "vectors/jellyfish/damerau_levenshtein.csv",
		"vectors/jellyfish/jaro_distance.csv", "vectors/jellyfish/jaro_winkler.csv"
	};
	static const int32_t bases[] = {0x0400, 0x4E00};
	int32_t		a[MAXCP];
	int32_t		b[MAXCP];
	int32_t		ma[MAXCP];
	int32_t		mb[MAXCP];
	int			rows = 0;
	int			bad = 0;
	size_t		f;
	size_t		k;

	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++)
	{
		FILE	   *fp = tap_open_data(files[f]);
		csv_row		row;

		if (fp == NULL)
			continue;
		while (csv_next(fp, &row))
		{
			int			n;
			int			m;

			if (row.n < 3)
				continue;
			n = cps(row.f[0], a);
			m = cps(row.f[1], b);
			for (k = 0; k < 2; k++)
			{
				map_cps(a, n, ma, bases[k]);
				map_cps(b, m, mb, bases[k]);
				rows++;
				if (sc_levenshtein(a, n, b, m) != sc_levenshtein(ma, n, mb, m) ||
					sc_osa_distance(a, n, b, m) != sc_osa_distance(ma, n, mb, m) ||
					sc_damerau_levenshtein(a, n, b, m) != sc_damerau_levenshtein(ma, n, mb, m) ||
					sc_jaro(a, n, b, m) != sc_jaro(ma, n, mb, m) ||
					sc_jaro_winkler(a, n, b, m) != sc_jaro_winkler(ma, n, mb, m))
				{
					if (bad++ < 5)
						diag("script mapping changed a metric: '%s' '%s' (base U+%04X)",
							 row.f[0], row.f[1], (unsigned) bases[k]);
				}
			}
		}
		fclose(fp);
	}
	ok(rows > 0 && bad == 0,
	   "all metrics unchanged when %d vector pairs are mapped letter for letter into Cyrillic and CJK",
	   rows);
}

/* ---- hand-written cases ---- */

static void
test_edges(void)
{
	int32_t		a[MAXCP];
	int32_t		b[MAXCP];
	int			n;
	int			m;

	a[0] = b[0] = 0;
	/* KNOWN DIFFERENCE: jellyfish gives 0.0 for two empty strings */
	ok(sc_jaro(a, 0, b, 0) == 1.0, "jaro('', '') = 1 (KNOWN DIFFERENCE: jellyfish returns 0)");
	ok(sc_jaro_winkler(a, 0, b, 0) == 1.0,
	   "jaro_winkler('', '') = 1 (KNOWN DIFFERENCE: jellyfish returns 0)");
	m = cps("foo", b);
	ok(sc_jaro(a, 0, b, m) == 0.0 && sc_jaro(b, m, a, 0) == 0.0, "jaro with one side empty = 0");
	ok(sc_levenshtein(a, 0, b, 0) == 0 && sc_osa_distance(a, 0, b, 0) == 0 &&
	   sc_damerau_levenshtein(a, 0, b, 0) == 0 && sc_weighted_distance(a, 0, b, 0, -1) == 0.0,
	   "all distances of two empty strings are 0");
	ok(sc_osa_distance_bounded(a, 0, b, m, 2) == 3 && sc_osa_distance_bounded(a, 0, b, m, 3) == 3,
	   "bounded OSA of '' and 'foo': k + 1 under k = 2, exact at k = 3");
	ok(sc_osa_distance_bounded(b, m, b, m, -5) == 0, "bounded OSA with negative k behaves as k = 0");

	/* OSA against true Damerau-Levenshtein: the textbook example */
	n = cps("CA", a);
	m = cps("ABC", b);
	ok(sc_osa_distance(a, n, b, m) == 3, "osa('CA', 'ABC') = 3 (no substring edited twice)");
	ok(sc_damerau_levenshtein(a, n, b, m) == 2, "damerau_levenshtein('CA', 'ABC') = 2");
	ok(sc_levenshtein(a, n, b, m) == 3, "levenshtein('CA', 'ABC') = 3");

	/* Winkler's boost threshold: no prefix bonus at or below 0.7 */
	n = cps("ABCDEFGH", a);
	m = cps("ABXYZWVU", b);
	ok(sc_jaro(a, n, b, m) <= 0.7 && sc_jaro_winkler(a, n, b, m) == sc_jaro(a, n, b, m),
	   "jaro_winkler adds no prefix bonus when jaro <= 0.7 (%.4f)", sc_jaro(a, n, b, m));
	n = cps("MARTHA", a);
	m = cps("MARHTA", b);
	ok(fabs(sc_jaro_winkler(a, n, b, m) -
			(sc_jaro(a, n, b, m) + 3 * 0.1 * (1 - sc_jaro(a, n, b, m)))) < 1e-12,
	   "jaro_winkler('MARTHA', 'MARHTA') = jaro + 3 * 0.1 * (1 - jaro)");
	n = cps("ABCDEFGHIJ", a);
	m = cps("ABCDEFGHIX", b);
	ok(fabs(sc_jaro_winkler(a, n, b, m) -
			(sc_jaro(a, n, b, m) + 4 * 0.1 * (1 - sc_jaro(a, n, b, m)))) < 1e-12,
	   "jaro_winkler prefix is capped at 4 characters");
}

static void
test_unicode(void)
{
	int32_t		a[MAXCP];
	int32_t		b[MAXCP];
	int			n;
	int			m;

	n = cps("ЮЛИЯ", a);
	m = cps("ЮЛЯ", b);
	ok(n == 4 && m == 3, "ЮЛИЯ decodes to 4 code points (8 bytes), ЮЛЯ to 3");
	ok(sc_levenshtein(a, n, b, m) == 1, "levenshtein('ЮЛИЯ', 'ЮЛЯ') = 1, not 2 bytes");
	ok(sc_osa_distance_bounded(a, n, b, m, 1) == 1, "bounded OSA('ЮЛИЯ', 'ЮЛЯ', 1) = 1");
	ok(fabs(sc_weighted_distance(a, n, b, m, -1) - 1.0) < 1e-12,
	   "weighted('ЮЛИЯ', 'ЮЛЯ') = 1 (no confusion rule for Cyrillic)");
	n = cps("ИВАНОВ", a);
	m = cps("ИВНАОВ", b);
	ok(sc_osa_distance(a, n, b, m) == 1 && sc_damerau_levenshtein(a, n, b, m) == 1,
	   "a swap of two Cyrillic letters is one transposition (ИВАНОВ/ИВНАОВ)");
	ok(sc_levenshtein(a, n, b, m) == 2, "levenshtein('ИВАНОВ', 'ИВНАОВ') = 2");
	n = cps("محمد", a);
	m = cps("محمود", b);
	ok(sc_levenshtein(a, n, b, m) == 1, "levenshtein('محمد', 'محمود') = 1 (Arabic)");
	n = cps("ДМИТРИЙ", a);
	ok(sc_jaro_winkler(a, n, a, n) == 1.0, "jaro_winkler('ДМИТРИЙ', 'ДМИТРИЙ') = 1");
	n = cps("МАРТА", a);
	m = cps("МАРАТ", b);
	{
		int32_t		x[8];
		int32_t		y[8];
		int			xn = cps("MARTA", x);
		int			yn = cps("MARAT", y);

		ok(sc_jaro_winkler(a, n, b, m) == sc_jaro_winkler(x, xn, y, yn),
		   "jaro_winkler('МАРТА', 'МАРАТ') = jaro_winkler('MARTA', 'MARAT') = %.4f",
		   sc_jaro_winkler(x, xn, y, yn));
	}
	n = cps("𝔄𝔅", a);			/* 4-byte UTF-8 */
	m = cps("𝔅𝔄", b);
	ok(n == 2 && sc_osa_distance(a, n, b, m) == 1, "two 4-byte characters swapped: OSA = 1");
}

/* Exhaustive: every pair of strings of length <= 4 over {a, b, c}. */
static void
test_exhaustive_small(void)
{
	static signed char dist[BFS_STATES];
	int			strs[128][4];
	int			lens[128];
	int			ns = 0;
	int			len;
	int			pairs = 0;
	int			bad_dl = 0;
	int			bad_osa = 0;
	int			bad_lev = 0;
	int			bad_bound = 0;
	int			i;
	int			j;

	for (len = 0; len <= 4; len++)
	{
		int			total = 1;
		int			c;

		for (c = 0; c < len; c++)
			total *= 3;
		for (c = 0; c < total; c++)
		{
			int			v = c;
			int			p;

			for (p = 0; p < len; p++)
			{
				strs[ns][p] = v % 3;
				v /= 3;
			}
			lens[ns++] = len;
		}
	}
	for (i = 0; i < ns; i++)
	{
		int32_t		a[4];
		int			p;

		bfs_from(bfs_encode(strs[i], lens[i]), dist);
		for (p = 0; p < lens[i]; p++)
			a[p] = 'a' + strs[i][p];
		for (j = 0; j < ns; j++)
		{
			int32_t		b[4];
			int			want = dist[bfs_encode(strs[j], lens[j])];
			int			osa;
			int			k;

			for (p = 0; p < lens[j]; p++)
				b[p] = 'a' + strs[j][p];
			pairs++;
			if (sc_damerau_levenshtein(a, lens[i], b, lens[j]) != want && bad_dl++ < 5)
				diag("DL mismatch on pair %d/%d: got %d, shortest edit path %d", i, j,
					 sc_damerau_levenshtein(a, lens[i], b, lens[j]), want);
			osa = sc_osa_distance(a, lens[i], b, lens[j]);
			if (osa != ref_edit(a, lens[i], b, lens[j], 1))
				bad_osa++;
			if (sc_levenshtein(a, lens[i], b, lens[j]) != ref_edit(a, lens[i], b, lens[j], 0))
				bad_lev++;
			for (k = 0; k <= 5; k++)
			{
				int			bd = sc_osa_distance_bounded(a, lens[i], b, lens[j], k);

				if (bd != (osa <= k ? osa : k + 1))
					bad_bound++;
			}
		}
	}
	ok(bad_dl == 0, "damerau_levenshtein = shortest edit sequence (breadth-first search) on all %d "
	   "pairs of strings of length <= 4 over {a,b,c}", pairs);
	ok(bad_osa == 0, "osa_distance = full-matrix reference on the same %d pairs", pairs);
	ok(bad_lev == 0, "levenshtein = full-matrix reference on the same %d pairs", pairs);
	ok(bad_bound == 0, "osa_distance_bounded agrees with osa_distance for k = 0..5 on the same pairs");
}

/* Random pairs, including inputs longer than the stack arrays. */
static void
test_random(void)
{
	uint32_t	st = 20240607;
	int32_t		a[MAXCP];
	int32_t		b[MAXCP];
	int			pairs;
	int			bad_bound = 0;
	int			bad_ref = 0;
	int			bad_jaro = 0;
	int			checks = 0;
	int			i;

	for (pairs = 0; pairs < 20000; pairs++)
	{
		/* small alphabets make repeats, swaps and long runs likely */
		const char *alpha = (pairs % 3 == 0) ? "ab" : (pairs % 3 == 1) ? "abc" : "abcdefgh";
		int			n = random_string(&st, a, 0, 14, alpha);
		int			m;
		int			osa;
		int			k;

		/* every other pair: b is a close mutation of a */
		if (pairs % 2)
		{
			m = n;
			memcpy(b, a, sizeof(int32_t) * n);
			for (i = (int) (prng(&st) % 4); i > 0; i--)
			{
				int			pos = m ? (int) (prng(&st) % (uint32_t) m) : 0;

				switch (prng(&st) % 4)
				{
					case 0:
						if (m)
							b[pos] = alpha[prng(&st) % strlen(alpha)];
						break;
					case 1:
						memmove(b + pos + 1, b + pos, sizeof(int32_t) * (m - pos));
						b[pos] = alpha[prng(&st) % strlen(alpha)];
						m++;
						break;
					case 2:
						if (m)
						{
							memmove(b + pos, b + pos + 1, sizeof(int32_t) * (m - pos - 1));
							m--;
						}
						break;
					default:
						if (pos + 1 < m)
						{
							int32_t		t = b[pos];

							b[pos] = b[pos + 1];
							b[pos + 1] = t;
						}
						break;
				}
			}
		}
		else
			m = random_string(&st, b, 0, 14, alpha);

		osa = sc_osa_distance(a, n, b, m);
		if (osa != ref_edit(a, n, b, m, 1) || sc_levenshtein(a, n, b, m) != ref_edit(a, n, b, m, 0))
			bad_ref++;
		if (fabs(sc_jaro(a, n, b, m) - (n + m == 0 ? 1.0 : ref_jaro(a, n, b, m))) > 1e-12)
			bad_jaro++;
		for (k = 0; k <= (n > m ? n : m) + 1; k++)
		{
			int			bd = sc_osa_distance_bounded(a, n, b, m, k);

			checks++;
			if (bd != (osa <= k ? osa : k + 1))
			{
				if (bad_bound++ < 5)
				{
					char		sa[256];
					char		sb[256];

					cps_to_ascii(a, n, sa);
					cps_to_ascii(b, m, sb);
					diag("bounded('%s', '%s', %d) = %d, osa = %d", sa, sb, k, bd, osa);
				}
			}
		}
	}
	ok(bad_bound == 0, "20000 random pairs: osa_distance_bounded = min(osa_distance, k + 1) for every "
	   "k from 0 to max length + 1 (%d checks)", checks);
	ok(bad_ref == 0, "20000 random pairs: osa_distance and levenshtein = full-matrix references");
	ok(bad_jaro == 0, "20000 random pairs: jaro = reference implementation");

	/* longer than SC_METRIC_STACK_CPS: the malloc'ed path */
	bad_ref = bad_bound = bad_jaro = 0;
	for (pairs = 0; pairs < 40; pairs++)
	{
		int			n = random_string(&st, a, SC_METRIC_STACK_CPS - 4, 3 * SC_METRIC_STACK_CPS, "abcd");
		int			m = random_string(&st, b, SC_METRIC_STACK_CPS - 4, 3 * SC_METRIC_STACK_CPS, "abcd");
		int			osa = sc_osa_distance(a, n, b, m);
		int			k = (pairs % 2) ? SC_METRIC_STACK_CPS + 10 : abs(n - m) + 3;
		int			bd = sc_osa_distance_bounded(a, n, b, m, k);

		if (osa != ref_edit(a, n, b, m, 1) || sc_levenshtein(a, n, b, m) != ref_edit(a, n, b, m, 0))
			bad_ref++;
		if (bd != (osa <= k ? osa : k + 1))
			bad_bound++;
		if (fabs(sc_jaro(a, n, b, m) - ref_jaro(a, n, b, m)) > 1e-12)
			bad_jaro++;
		if (sc_damerau_levenshtein(a, n, b, m) > osa || sc_damerau_levenshtein(a, n, b, m) < 0)
			bad_ref++;
		if (sc_weighted_distance(a, n, b, m, -1) > osa || sc_weighted_distance(a, n, b, m, -1) < 0 ||
			sc_weighted_distance(a, n, b, m, -1) != sc_weighted_distance(b, m, a, n, -1))
			bad_ref++;
	}
	ok(bad_ref == 0, "inputs of %d to %d code points (heap path): distances = references",
	   SC_METRIC_STACK_CPS - 4, 3 * SC_METRIC_STACK_CPS);
	ok(bad_bound == 0, "heap path: bounded OSA, including k > SC_METRIC_STACK_CPS, agrees");
	ok(bad_jaro == 0, "heap path: jaro = reference implementation");

	/* Damerau-Levenshtein is a metric: triangle inequality on random triples */
	bad_ref = 0;
	for (pairs = 0; pairs < 5000; pairs++)
	{
		int32_t		c[32];
		int			n = random_string(&st, a, 0, 8, "abc");
		int			m = random_string(&st, b, 0, 8, "abc");
		int			l = random_string(&st, c, 0, 8, "abc");

		if (sc_damerau_levenshtein(a, n, c, l) >
			sc_damerau_levenshtein(a, n, b, m) + sc_damerau_levenshtein(b, m, c, l))
			bad_ref++;
		if (sc_damerau_levenshtein(a, n, b, m) > sc_osa_distance(a, n, b, m) ||
			sc_osa_distance(a, n, b, m) > sc_levenshtein(a, n, b, m))
			bad_ref++;
	}
	ok(bad_ref == 0, "5000 random triples: DL obeys the triangle inequality and DL <= OSA <= Levenshtein");
}

/* ---- weighted distance ---- */

typedef struct wcase
{
	const char *a;
	const char *b;
	double		cost;
	const char *why;
} wcase;

static const wcase weighted_cases[] = {
	{"MOHAMED", "MOHAMMED", 0.25, "doubled M"},
	{"HASAN", "HASSAN", 0.25, "doubled S"},
	{"ALA", "ALLA", 0.25, "doubled L"},
	{"MOHAMMMED", "MOHAMED", 0.50, "tripled M is two cheap deletions"},
	{"KHALID", "HALID", 0.30, "KH/H"},
	{"KHALID", "KALID", 0.30, "KH/K"},
	{"PHILIP", "FILIP", 0.30, "PH/F"},
	{"GHASSAN", "GASSAN", 0.30, "GH/G"},
	{"THAMER", "TAMER", 0.30, "TH/T"},
	{"DHAFER", "DAFER", 0.30, "DH/D"},
	{"SHARIF", "SARIF", 0.50, "SH/S"},
	{"NICK", "NIK", 0.25, "CK/K"},
	{"MOHAMMED", "MUHAMMAD", 1.00, "O/U + E/A"},
	{"ALI", "ALY", 0.30, "I/Y"},
	{"VLADIMIR", "WLADIMIR", 0.30, "V/W"},
	{"KARIM", "CARIM", 0.30, "C/K"},
	{"QADIR", "KADIR", 0.30, "K/Q"},
	{"YUSUF", "JUSUF", 0.40, "J/Y"},
	{"AZIZ", "ASIZ", 0.40, "S/Z"},
	{"IBRAHIM", "EBRAHIM", 0.50, "E/I"},
	{"CELINA", "SELINA", 0.60, "C/S"},
	{"AHMAD", "AHMED", 0.60, "vowel for vowel"},
	{"B0B", "BOB", 0.25, "OCR 0/O"},
	{"1VAN", "IVAN", 0.25, "OCR 1/I"},
	{"A1I", "ALI", 0.25, "OCR 1/L"},
	{"5AM", "SAM", 0.25, "OCR 5/S"},
	{"8OB", "BOB", 0.25, "OCR 8/B"},
	{"2ED", "ZED", 0.25, "OCR 2/Z"},
	{"6EORGE", "GEORGE", 0.25, "OCR 6/G"},
	{"IVAN", "LVAN", 0.50, "OCR I/L"},
	{"ABBA", "AA", 2.00, "dropping a whole doubled letter is not cheap"},
	{"JOHN", "JOHM", 1.00, "an ordinary substitution costs 1"},
	{"JOHN", "OJHN", 1.00, "a transposition costs 1"},
};

static void
test_weighted(void)
{
	uint32_t	st = 777;
	int32_t		a[MAXCP];
	int32_t		b[MAXCP];
	size_t		c;
	int			pairs;
	int			bad_sym = 0;
	int			bad_zero = 0;
	int			bad_osa = 0;
	int			bad_len = 0;
	int			bad_bound = 0;

	for (c = 0; c < sizeof(weighted_cases) / sizeof(weighted_cases[0]); c++)
	{
		const wcase *w = &weighted_cases[c];
		int			n = cps(w->a, a);
		int			m = cps(w->b, b);
		double		d = sc_weighted_distance(a, n, b, m, -1);

		ok(fabs(d - w->cost) < 1e-9 && (w->cost >= 1.0 || d < 1.0),
		   "weighted('%s', '%s') = %.2f (%s, expected %.2f)", w->a, w->b, d, w->why, w->cost);
	}

	/* every single-character confusion pair is cheaper than a substitution */
	{
		static const char *const pairs2[] = {
			"0O", "1I", "1L", "5S", "8B", "2Z", "6G", "IY", "VW", "CK", "KQ", "OU", "SZ", "JY",
			"EI", "IL", "CS", "AE", "AO", "AU", "EO", "EU", "IO", "IU", "AI"
		};
		int			cheap = 0;
		size_t		p;

		for (p = 0; p < sizeof(pairs2) / sizeof(pairs2[0]); p++)
		{
			a[0] = pairs2[p][0];
			b[0] = pairs2[p][1];
			if (sc_weighted_distance(a, 1, b, 1, -1) < 1.0 &&
				sc_weighted_distance(a, 1, b, 1, -1) > 0.0)
				cheap++;
			else
				diag("pair %s costs %.2f", pairs2[p], sc_weighted_distance(a, 1, b, 1, -1));
		}
		ok(cheap == (int) p, "all %d single-letter confusion pairs cost less than 1 and more than 0", (int) p);
		a[0] = 'A';
		b[0] = 'B';
		ok(sc_weighted_distance(a, 1, b, 1, -1) == 1.0, "A/B, not a confusion pair, costs 1");
	}

	for (pairs = 0; pairs < 20000; pairs++)
	{
		static const char *alpha = "AEIOUYKCQSZHMTPFGDVWJL0125";
		int			n = random_string(&st, a, 0, 10, (pairs % 2) ? alpha : "MHKA");
		int			m = random_string(&st, b, 0, 10, (pairs % 2) ? alpha : "MHKA");
		double		w;
		double		bw;
		double		lim;
		int			osa;

		if (pairs % 4 == 0 && n > 0)
		{
			/* near copies exercise the cheap rules far more often */
			memcpy(b, a, sizeof(int32_t) * n);
			m = n;
			b[prng(&st) % (uint32_t) n] = alpha[prng(&st) % 26];
		}
		w = sc_weighted_distance(a, n, b, m, -1);
		osa = sc_osa_distance(a, n, b, m);
		if (w != sc_weighted_distance(b, m, a, n, -1))
			bad_sym++;
		if ((w == 0.0) != (n == m && memcmp(a, b, sizeof(int32_t) * n) == 0))
			bad_zero++;
		if (w > osa + 1e-9)
			bad_osa++;
		/* no rule changes the length by one for less than 0.25 */
		if (w + 1e-9 < 0.25 * abs(n - m))
			bad_len++;
		lim = (prng(&st) % 400) / 100.0;
		bw = sc_weighted_distance(a, n, b, m, lim);
		if (w <= lim ? bw != w : !(bw > lim && bw <= w + 1e-9))
		{
			if (bad_bound++ < 5)
				diag("bounded weighted: exact %.2f, max_cost %.2f, got %.2f", w, lim, bw);
		}
	}
	ok(bad_sym == 0, "20000 random pairs: weighted distance is symmetric");
	ok(bad_zero == 0, "20000 random pairs: weighted distance is 0 exactly for equal strings");
	ok(bad_osa == 0, "20000 random pairs: weighted distance <= OSA distance");
	ok(bad_len == 0, "20000 random pairs: weighted distance >= 0.25 * length difference");
	ok(bad_bound == 0, "20000 random pairs: with max_cost, exact when within it, else a lower bound above it");
}

/* ---- speed ---- */

static double
now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Calls per second of one metric over the pairs (x[p], y[p]). */
static double
bench_metric(int metric, int npairs, int32_t (*x)[32], const int *xl,
			 int32_t (*y)[32], const int *yl, long calls)
{
	volatile double sink = 0;
	double		t0 = now_sec();
	long		r;
	int			p;

	for (r = 0; r < calls / npairs; r++)
		for (p = 0; p < npairs; p++)
		{
			switch (metric)
			{
				case 0:
					sink += sc_jaro(x[p], xl[p], y[p], yl[p]);
					break;
				case 1:
					sink += sc_jaro_winkler(x[p], xl[p], y[p], yl[p]);
					break;
				case 2:
					sink += sc_levenshtein(x[p], xl[p], y[p], yl[p]);
					break;
				case 3:
					sink += sc_osa_distance(x[p], xl[p], y[p], yl[p]);
					break;
				case 4:
					sink += sc_osa_distance_bounded(x[p], xl[p], y[p], yl[p], 2);
					break;
				case 5:
					sink += sc_damerau_levenshtein(x[p], xl[p], y[p], yl[p]);
					break;
				case 6:
					sink += sc_weighted_distance(x[p], xl[p], y[p], yl[p], -1);
					break;
				default:
					sink += sc_weighted_distance(x[p], xl[p], y[p], yl[p], 1.0);
					break;
			}
		}
	(void) sink;
	return (calls / npairs) * npairs / (now_sec() - t0);
}

static void
bench(void)
{
	static const char *const names[][2] = {
		{"MOHAMMED", "MUHAMMAD"}, {"JONATHAN", "JOHNATHAN"}, {"KHALID", "HALID"},
		{"ALEKSANDR", "ALEXANDER"}, {"SMITH", "SMYTHE"}, {"IVANOV", "IVANOVA"},
		{"HUSSEIN", "HUSAIN"}, {"OSAMA", "USAMA"}, {"ABDULLAH", "ABDALLAH"},
		{"CATHERINE", "KATHRYN"}, {"NGUYEN", "NGUYEN"}, {"GARCIA", "GARSIA"},
		{"LI", "LEE"}, {"SCHWARZENEGGER", "SHWARZENEGER"}, {"OLUWASEUN", "OLUSEUN"},
		{"YUSUF", "JOSEPH"}
	};
	static const char *const label[] = {
		"sc_jaro", "sc_jaro_winkler", "sc_levenshtein", "sc_osa_distance",
		"sc_osa_distance_bounded(k=2)", "sc_damerau_levenshtein",
		"sc_weighted_distance", "sc_weighted_distance(max 1.0)"
	};
	enum
	{
		NP = sizeof(names) / sizeof(names[0])
	};
	static int32_t a[NP][32];
	static int32_t b[NP][32];
	static int32_t xa[NP * NP][32];
	static int32_t xb[NP * NP][32];
	int			al[NP];
	int			bl[NP];
	int			xal[NP * NP];
	int			xbl[NP * NP];
	int			chars = 0;
	int			p;
	int			q;
	int			metric;

	for (p = 0; p < NP; p++)
	{
		al[p] = cps(names[p][0], a[p]);
		bl[p] = cps(names[p][1], b[p]);
		chars += al[p] + bl[p];
	}
	/* unrelated pairs, as most candidate pairs in screening are */
	for (p = 0; p < NP; p++)
		for (q = 0; q < NP; q++)
		{
			xal[p * NP + q] = cps(names[p][0], xa[p * NP + q]);
			xbl[p * NP + q] = cps(names[q][1], xb[p * NP + q]);
		}
	diag("speed on short names (mean length %.1f), one core: M calls/s on %d similar pairs / "
		 "on their %d cross pairs", chars / (2.0 * NP), NP, NP * NP);
	for (metric = 0; metric < 8; metric++)
		diag("  %-30s %7.2f  %7.2f", label[metric],
			 bench_metric(metric, NP, a, al, b, bl, 3000000) / 1e6,
			 bench_metric(metric, NP * NP, xa, xal, xb, xbl, 3000000) / 1e6);
}

int
main(void)
{
	test_distance_vectors("vectors/jellyfish/levenshtein.csv", sc_levenshtein, "levenshtein");
	test_distance_vectors("vectors/jellyfish/damerau_levenshtein.csv", sc_damerau_levenshtein,
						  "damerau_levenshtein");
	test_similarity_vectors("vectors/jellyfish/jaro_distance.csv", sc_jaro, "jaro");
	test_similarity_vectors("vectors/jellyfish/jaro_winkler.csv", sc_jaro_winkler, "jaro_winkler");
	test_longtol_vectors();
	test_script_invariance();
	test_edges();
	test_unicode();
	test_exhaustive_small();
	test_random();
	test_weighted();
	if (getenv("SCREENING_BENCH"))
		bench();
	return done_testing();
}
