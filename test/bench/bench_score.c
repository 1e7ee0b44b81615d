/*
 * bench_score.c - accuracy and speed of the name scorer on the labelled development sets.
 *
 * Runs the PostgreSQL-free core directly (the same code the SQL functions
 * call), so every figure is the scorer's own:
 *   - labelled/name_pairs_dev.csv: precision, recall and F1 at the threshold,
 *     all pairs and persons only, plus the best threshold for reference;
 *   - labelled/un_positives_dev.csv against the names of un_consolidated.xml:
 *     the share of variants whose listed person is found at the threshold;
 *     the labelled negatives (negatives_global and negatives_us): the share of people who hit anyone;
 *   - the labelled transliteration sets (labelled/translit): recall of native against English form;
 *   - pairs scored per second on typical 2-4 token names, prepared.
 * Usage: bench_score [threshold]  (SCREENING_DATA_DIR: the shared data folder)
 * With SCORE_DUMP=1 it prints every name pair with its score and label.
 * test/unit/test_score_accuracy.c includes this file (SCORE_BENCH_LIBRARY)
 * to hold the same figures as floors, so the evaluation exists once.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_data.h"
#include "sc_core.h"
#include "sc_score.h"
#include "sc_person.h"

#define MAX_FIELDS 32
#define MAX_LINE 65536

/* Tests include this file for the pieces they need; the rest may go unused. */
#if defined(SCORE_BENCH_LIBRARY) && defined(__GNUC__)
#define BENCH_PIECE __attribute__((unused))
#else
#define BENCH_PIECE
#endif

/* Split one CSV record (RFC 4180 quoting, no embedded newlines) in place. */
static int
csv_split(char *line, char **fields, int max)
{
	int			n = 0;
	char	   *r = line,
			   *w;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < max)
	{
		fields[n++] = w = r;
		if (*r == '"')
		{
			r++;
			for (;;)
			{
				if (*r == '"' && r[1] == '"')
				{
					*w++ = '"';
					r += 2;
				}
				else if (*r == '"')
				{
					r++;
					break;
				}
				else if (*r == '\0')
					break;
				else
					*w++ = *r++;
			}
		}
		while (*r && *r != ',')
			*w++ = *r++;
		if (*r == ',')
		{
			*w = '\0';
			r++;
		}
		else
		{
			*w = '\0';
			break;
		}
	}
	return n;
}

static double
score(const char *a, const char *b)
{
	double		s = 0;

	sc_name_score(a, strlen(a), b, strlen(b), NULL, &s);
	return s;
}

/* ---- labelled name pairs ---- */

typedef struct pair
{
	char	   *a,
			   *b;
	bool		match;
	bool		person;
	double		s;
} pair;

static void
prf(const pair *p, int n, double t, bool persons_only, double *precision, double *recall, double *f1)
{
	int			tp = 0,
				fp = 0,
				fn = 0,
				i;

	for (i = 0; i < n; i++)
	{
		bool		hit = sc_score_reaches(p[i].s, t);

		if (persons_only && !p[i].person)
			continue;
		if (hit && p[i].match)
			tp++;
		else if (hit)
			fp++;
		else if (p[i].match)
			fn++;
	}
	*precision = tp + fp ? (double) tp / (tp + fp) : 1.0;
	*recall = tp + fn ? (double) tp / (tp + fn) : 1.0;
	*f1 = *precision + *recall > 0 ? 2 * *precision * *recall / (*precision + *recall) : 0;
}

typedef struct pairs_result
{
	double		p_all,
				r_all,
				f1_all,
				p_person,
				r_person,
				f1_person;
	int			saturated;
	int			identical;
	int			n;
} pairs_result;

BENCH_PIECE static void
name_pairs(double threshold, pairs_result *res)
{
	static pair pairs[4096];
	FILE	   *f = bench_open_data("labelled/name_pairs_dev.csv");
	char		line[MAX_LINE];
	char	   *fld[MAX_FIELDS];
	int			n = 0,
				i;
	double		p,
				r,
				f1,
				best_t = 0,
				best_f1 = 0,
				t;
	int			saturated = 0,
				distinct = 0;

	fgets(line, sizeof(line), f);
	while (fgets(line, sizeof(line), f) && n < 4096)
	{
		/* case_group,schema,name1,name2,is_match,quality,category,notes */
		if (csv_split(line, fld, MAX_FIELDS) < 5)
			continue;
		pairs[n].a = strdup(fld[2]);
		pairs[n].b = strdup(fld[3]);
		pairs[n].match = strcmp(fld[4], "true") == 0;
		pairs[n].person = strcmp(fld[1], "Person") == 0;
		pairs[n].s = score(pairs[n].a, pairs[n].b);
		n++;
	}
	fclose(f);
	for (i = 0; i < n; i++)
	{
		int			j;
		bool		seen = false;

		if (pairs[i].s >= 1.0)
			saturated++;
		for (j = 0; j < i && !seen; j++)
			if (pairs[j].s == pairs[i].s)
				seen = true;
		if (!seen)
			distinct++;
		if (getenv("SCORE_DUMP"))
			printf("%.4f\t%s\t%s\t%s | %s\n", pairs[i].s, pairs[i].match ? "match" : "-",
				   pairs[i].person ? "person" : "other", pairs[i].a, pairs[i].b);
	}
	printf("== labelled name pairs (name_pairs_dev.csv, %d pairs)\n", n);
	prf(pairs, n, threshold, false, &p, &r, &f1);
	res->p_all = p, res->r_all = r, res->f1_all = f1;
	printf("all pairs     threshold %.2f: precision %.3f  recall %.3f  F1 %.3f\n", threshold, p, r, f1);
	prf(pairs, n, threshold, true, &p, &r, &f1);
	res->p_person = p, res->r_person = r, res->f1_person = f1;
	printf("persons only  threshold %.2f: precision %.3f  recall %.3f  F1 %.3f\n", threshold, p, r, f1);
	for (t = 0.50; t <= 0.99; t += 0.01)
	{
		prf(pairs, n, t, false, &p, &r, &f1);
		if (f1 > best_f1)
			best_f1 = f1, best_t = t;
	}
	printf("(best F1 over all pairs %.3f at threshold %.2f, for reference: the default is not tuned to it)\n",
		   best_f1, best_t);
	{
		int			identical = 0;

		for (i = 0; i < n; i++)
		{
			char		a[SC_NORM_BUFSIZE],
						b[SC_NORM_BUFSIZE];
			size_t		la,
						lb;

			sc_name_normalize(pairs[i].a, strlen(pairs[i].a), a, &la);
			sc_name_normalize(pairs[i].b, strlen(pairs[i].b), b, &lb);
			if (la > 0 && la == lb && memcmp(a, b, la) == 0)
				identical++;
		}
		res->saturated = saturated;
		res->identical = identical;
		res->n = n;
		printf("scores of exactly 1.0: %d of %d pairs (%d identical after normalization); distinct score values: %d\n",
			   saturated, n, identical, distinct);
	}
}

/* ---- UN list: positives found, negatives hitting ---- */

#define MAX_UN_NAMES 8192

typedef struct un_name
{
	int			person;
	char	   *name;
	sc_name_prep *prep;
} un_name;

static un_name un_names[MAX_UN_NAMES];
static int	n_un_names = 0;
static int	n_un_people = 0;

static char *
xml_field(const char *block, const char *tag)
{
	char		open[64],
				close[64];
	const char *s,
			   *e;
	char	   *out;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	s = strstr(block, open);
	if (s == NULL)
		return NULL;
	s += strlen(open);
	e = strstr(s, close);
	if (e == NULL)
		return NULL;
	out = malloc(e - s + 1);
	memcpy(out, s, e - s);
	out[e - s] = '\0';
	return out;
}

static void
add_un_name(int person, char *name)
{
	if (name == NULL || *name == '\0' || n_un_names >= MAX_UN_NAMES)
		return;
	un_names[n_un_names].person = person;
	un_names[n_un_names].name = name;
	un_names[n_un_names].prep = malloc(sizeof(sc_name_prep));
	sc_name_prepare(name, strlen(name), NULL, un_names[n_un_names].prep);
	n_un_names++;
}

static void
load_un(void)
{
	FILE	   *f = bench_open_data("watchlists/un_consolidated.xml");
	static char buf[16 * 1024 * 1024];
	size_t		n = fread(buf, 1, sizeof(buf) - 1, f);
	char	   *p = buf;

	buf[n] = '\0';
	fclose(f);
	while ((p = strstr(p, "<INDIVIDUAL>")) != NULL)
	{
		char	   *end = strstr(p, "</INDIVIDUAL>");
		char	   *a;
		char		full[2048] = "";
		const char *parts[] = {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"};
		int			k;

		if (end == NULL)
			break;
		*end = '\0';
		for (k = 0; k < 4; k++)
		{
			char	   *v = xml_field(p, parts[k]);

			if (v && *v)
			{
				if (full[0])
					strcat(full, " ");
				strncat(full, v, 500);
			}
			free(v);
		}
		add_un_name(n_un_people, strdup(full));
		add_un_name(n_un_people, xml_field(p, "NAME_ORIGINAL_SCRIPT"));
		for (a = strstr(p, "<INDIVIDUAL_ALIAS>"); a; a = strstr(a + 1, "<INDIVIDUAL_ALIAS>"))
		{
			char	   *ae = strstr(a, "</INDIVIDUAL_ALIAS>");
			char		save;

			if (ae == NULL)
				break;
			save = *ae;
			*ae = '\0';
			add_un_name(n_un_people, xml_field(a, "ALIAS_NAME"));
			*ae = save;
		}
		n_un_people++;
		p = end + 1;
	}
}

/* Best score of name against every UN name; *person gets the best person. */
static double
best_un(const char *name, int *person, int want_person, double *want_score)
{
	static sc_name_prep q;
	double		best = 0;
	int			i;

	*want_score = 0;
	sc_name_prepare(name, strlen(name), NULL, &q);
	for (i = 0; i < n_un_names; i++)
	{
		double		s = sc_name_score_prepared(&q, un_names[i].prep, NULL);

		if (s > best)
		{
			best = s;
			*person = un_names[i].person;
		}
		if (un_names[i].person == want_person && s > *want_score)
			*want_score = s;
	}
	return best;
}

/* The UN person whose name equals orig (normalized), or -1. */
static int
find_person(const char *orig)
{
	char		a[SC_NORM_BUFSIZE],
				b[SC_NORM_BUFSIZE];
	size_t		la,
				lb;
	int			i;

	sc_name_normalize(orig, strlen(orig), a, &la);
	for (i = 0; i < n_un_names; i++)
	{
		sc_name_normalize(un_names[i].name, strlen(un_names[i].name), b, &lb);
		if (la == lb && memcmp(a, b, la) == 0)
			return un_names[i].person;
	}
	return -1;
}

typedef struct un_result
{
	int			positives,
				found;
	int			negatives,
				negative_hits;
} un_result;

BENCH_PIECE static void
un_screening(double threshold, un_result *res)
{
	FILE	   *f;
	char		line[MAX_LINE];
	char	   *fld[MAX_FIELDS];
	int			total = 0,
				found = 0,
				unmapped = 0;
	const char *neg_files[] = {"labelled/negatives_global_dev.csv", "labelled/negatives_us_dev.csv"};
	int			k;

	load_un();
	printf("== UN list screening (%d people, %d names incl. aliases and original script)\n",
		   n_un_people, n_un_names);
	f = bench_open_data("labelled/un_positives_dev.csv");
	fgets(line, sizeof(line), f);
	while (fgets(line, sizeof(line), f))
	{
		int			person,
					got;
		double		want,
					best;

		/* row,orig_full_name,...,variant_full_name (index 9) */
		if (csv_split(line, fld, MAX_FIELDS) < 10)
			continue;
		person = find_person(fld[1]);
		if (person < 0)
		{
			unmapped++;
			continue;
		}
		total++;
		best = best_un(fld[9], &got, person, &want);
		(void) best;
		if (sc_score_reaches(want, threshold))
			found++;
		else if (getenv("SCORE_DUMP"))
			printf("MISSED %.3f %s | %s\n", want, fld[9], fld[1]);
	}
	fclose(f);
	res->positives = total;
	res->found = found;
	res->negatives = res->negative_hits = 0;
	printf("positives found at %.2f: %d of %d (%.1f%%)%s\n", threshold, found, total,
		   100.0 * found / (total ? total : 1), unmapped ? " (some rows not mapped to a UN entry)" : "");
	for (k = 0; k < 2; k++)
	{
		int			n = 0,
					hits = 0;

		f = bench_open_data(neg_files[k]);
		fgets(line, sizeof(line), f);
		while (fgets(line, sizeof(line), f))
		{
			int			person;
			double		want;
			double		best;

			if (csv_split(line, fld, MAX_FIELDS) < 1)
				continue;
			n++;
			best = best_un(fld[0], &person, -1, &want);
			if (sc_score_reaches(best, threshold))
			{
				hits++;
				if (getenv("SCORE_DUMP"))
					printf("NEG HIT %.3f %s\n", best, fld[0]);
			}
		}
		fclose(f);
		res->negatives += n;
		res->negative_hits += hits;
		printf("%-40s %d of %d hit someone at %.2f (%.1f%%)\n", neg_files[k], hits, n, threshold,
			   100.0 * hits / (n ? n : 1));
	}
}

#ifndef SCORE_BENCH_LIBRARY

/* ---- transliteration recall ---- */

static void
translit(double threshold)
{
	const char *files[] = {"wd_russian_20_dev.tsv", "wd_arabic_20_dev.tsv", "google_ar2en_dev.tsv",
		"wd_hebrew_dev.tsv", "wd_korean_dev.tsv", "wd_chinese_20_dev.tsv", "wd_japanese_20_dev.tsv",
	"wd_katakana_20_dev.tsv", NULL};
	int			k;

	printf("== transliteration recall at %.2f (native form against English form)\n", threshold);
	for (k = 0; files[k]; k++)
	{
		char		rel[256];
		FILE	   *f;
		char		line[4096];
		int			n = 0,
					hit = 0;

		snprintf(rel, sizeof(rel), "labelled/translit/%s", files[k]);
		f = bench_open_data(rel);
		while (fgets(line, sizeof(line), f))
		{
			char	   *english = line,
					   *native = strchr(line, '\t'),
					   *tab2;
			char		joined[2048];
			size_t		j = 0;

			if (native == NULL)
				continue;
			*native++ = '\0';
			native[strcspn(native, "\r\n")] = '\0';
			tab2 = strchr(native, '\t');
			if (tab2)
			{
				char	   *c;

				*tab2 = '\0';
				for (c = native; *c && j + 1 < sizeof(joined); c++)
					if (*c != ' ')
						joined[j++] = *c;
				joined[j] = '\0';
				native = joined;
			}
			if (strncmp(files[k], "google_", 7) == 0)
			{
				char	   *t = english;

				english = native;
				native = t;
			}
			n++;
			{
				double		s = score(english, native);

				if (sc_score_reaches(s, threshold))
					hit++;
				if (getenv("SCORE_DUMP_TRANSLIT"))
					printf("TRANSLIT %s %.3f %s | %s\n", files[k], s, english, native);
			}
		}
		fclose(f);
		printf("%-26s %6d pairs  recall %5.1f%%\n", files[k], n, 100.0 * hit / (n ? n : 1));
	}
}

/* ---- speed ---- */

static void
speed(void)
{
	static const char *names[] = {
		"JOHN SMITH", "MUHAMMAD ALI KHAN", "IVAN PETROVICH SIDORENKO", "MARIA GARCIA LOPEZ",
		"ABDUL RAHMAN AL HASHIMI", "KIM JONG UN", "OSAMA BIN LADEN", "ANGELA MERKEL",
		"JOHN PAUL SMITH", "MOHAMED ALI", "PETER MUELLER", "AHMED HASSAN YUSUF",
		"ALEKSANDR KOVALENKO", "LI WEI", "JEAN PIERRE DUPONT", "HASSAN NASRALLAH"
	};
	enum
	{
	NN = sizeof(names) / sizeof(names[0])};
	static sc_name_prep preps[NN];
	long		i,
				calls = 2000000;
	double		t0,
				t1,
				sink = 0;

	for (i = 0; i < NN; i++)
		sc_name_prepare(names[i], strlen(names[i]), NULL, &preps[i]);
	t0 = bench_now();
	for (i = 0; i < calls; i++)
		sink += sc_name_score_prepared(&preps[i % NN], &preps[(i / NN) % NN], NULL);
	t1 = bench_now();
	printf("== speed\nname_score on prepared 2-4 token names: %.0f pairs/s (one core)\n", calls / (t1 - t0));
	t0 = bench_now();
	for (i = 0; i < calls / 10; i++)
	{
		static sc_name_prep q;

		sc_name_prepare(names[i % NN], strlen(names[i % NN]), NULL, &q);
		sink += sc_name_score_prepared(&q, &preps[(i / NN) % NN], NULL);
	}
	t1 = bench_now();
	printf("name_score preparing one side each time (raw ASCII input): %.0f pairs/s (sink %.0f)\n",
		   calls / 10 / (t1 - t0), sink);

	/*
	 * person_score on prepared persons: each listed person carries four names
	 * (the UN list averages 4.5 with aliases), two birth dates and a
	 * nationality; each traveller one name, a birth date and a nationality.
	 */
	{
		static const char *const dobs[] = {"1957-03-10", "1972", "about 1960", "1973-01-24"};
		static const char *const nats[] = {"SA", "AF", "RU", "DE"};
		const sc_name_prep *lnames[NN][4];
		sc_date		ldates[NN][2],
					tdate;
		char		lnat[NN][3],
					tnat[3];
		sc_person	listed[NN],
					trav[NN];
		const sc_name_prep *tnames[NN][1];
		const sc_profile *profile = sc_profile_find("balanced", 8);
		sc_person_result res;
		long		k;

		memset(listed, 0, sizeof(listed));
		memset(trav, 0, sizeof(trav));
		sc_date_parse("1970-01-02", 10, 0, &tdate);
		memcpy(tnat, "DE", 3);
		for (k = 0; k < NN; k++)
		{
			int			j;

			for (j = 0; j < 4; j++)
				lnames[k][j] = &preps[(k + 5 * j) % NN];
			sc_date_parse(dobs[k % 4], strlen(dobs[k % 4]), 0, &ldates[k][0]);
			sc_date_parse(dobs[(k + 1) % 4], strlen(dobs[(k + 1) % 4]), 0, &ldates[k][1]);
			memcpy(lnat[k], nats[k % 4], 3);
			listed[k].nnames = 4;
			listed[k].names = lnames[k];
			listed[k].ndates = 2;
			listed[k].dates = ldates[k];
			listed[k].gender = 'M';
			listed[k].ncountries = 1;
			listed[k].countries = (const char (*)[3]) lnat[k];
			tnames[k][0] = &preps[k];
			trav[k].nnames = 1;
			trav[k].names = tnames[k];
			trav[k].ndates = 1;
			trav[k].dates = &tdate;
			trav[k].gender = 'M';
			trav[k].ncountries = 1;
			trav[k].countries = (const char (*)[3]) tnat;
		}
		t0 = bench_now();
		for (i = 0; i < calls / 4; i++)
		{
			sc_person_score(&trav[i % NN], &listed[(i / NN) % NN], profile, false, &res);
			sink += res.score;
		}
		t1 = bench_now();
		printf("person_score on prepared persons (4 listed names, 2 birth dates, nationality): %.0f pairs/s (one core, sink %.0f)\n",
			   calls / 4 / (t1 - t0), sink);
	}
}

int
main(int argc, char **argv)
{
	double		threshold = argc > 1 ? atof(argv[1]) : SC_DEFAULT_THRESHOLD;
	const char *what = getenv("SCORE_BENCH");
	pairs_result pr;
	un_result	ur;

	if (!what || strstr(what, "pairs"))
		name_pairs(threshold, &pr);
	if (!what || strstr(what, "un"))
		un_screening(threshold, &ur);
	if (!what || strstr(what, "translit"))
		translit(threshold);
	if (!what || strstr(what, "speed"))
		speed();
	return 0;
}
#endif
