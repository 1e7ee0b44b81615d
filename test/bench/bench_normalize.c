/*
 * bench_normalize.c - speed, memory and transliteration reach of the normalization core.
 *
 * Runs the PostgreSQL-free core directly, one core, no server, so the figures
 * are the library's own cost (the SQL wrapper adds a palloc and a text copy).
 * Reports:
 *   - names per second for ASCII names and for non-Latin names, per script,
 *     over the shared faker names and the UN list's original-script names;
 *   - resident memory after 1 and 10 million calls (flat means no leak);
 *   - for each labelled transliteration set (labelled/translit): the share of pairs where some
 *     variant of the native form equals, or is within one edit
 *     (optimal string alignment) of, some variant of the English form.
 * Usage: bench_normalize [calls]   (SCREENING_DATA_DIR points at the shared data)
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_data.h"
#include "sc_core.h"
#include "sc_metrics.h"
#include "sc_utf8.h"

#define MAX_NAMES 60000

typedef struct name_set
{
	int			n;
	char	   *names[MAX_NAMES];
} name_set;

static long
rss_kb(void)
{
	FILE	   *f = fopen("/proc/self/status", "r");
	char		line[256];
	long		kb = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "VmRSS:", 6) == 0)
			kb = atol(line + 6);
	fclose(f);
	return kb;
}

static bool
is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char) *s >= 0x80)
			return false;
	return true;
}

/* faker_person_names.csv: locale,kind,gender,attribute,name */
static void
load_faker(name_set *ascii, name_set *nonlatin, name_set *latin_accented)
{
	FILE	   *f = bench_open_data("names/faker/faker_person_names.csv");
	char		line[1024];
	bool		header = true;

	while (fgets(line, sizeof(line), f))
	{
		char	   *name = strrchr(line, ',');
		char		script_buf[64];
		const char *script;

		if (header || name == NULL)
		{
			header = false;
			continue;
		}
		name++;
		name[strcspn(name, "\r\n")] = '\0';
		if (*name == '\0')
			continue;
		if (is_ascii(name))
		{
			if (ascii->n < MAX_NAMES)
				ascii->names[ascii->n++] = strdup(name);
			continue;
		}
		if (sc_name_script(name, strlen(name), &script) != SC_OK)
			continue;
		snprintf(script_buf, sizeof(script_buf), "%s", script);
		if (strcmp(script_buf, "Latin") == 0)
		{
			if (latin_accented->n < MAX_NAMES)
				latin_accented->names[latin_accented->n++] = strdup(name);
		}
		else if (nonlatin->n < MAX_NAMES)
			nonlatin->names[nonlatin->n++] = strdup(name);
	}
	fclose(f);
}

/* NAME_ORIGINAL_SCRIPT elements of the UN list */
static void
load_un_original(name_set *set)
{
	FILE	   *f = bench_open_data("watchlists/un_consolidated.xml");
	char		line[8192];
	const char *tag = "<NAME_ORIGINAL_SCRIPT>";

	while (fgets(line, sizeof(line), f))
	{
		char	   *p = strstr(line, tag);
		char	   *end;

		if (p == NULL)
			continue;
		p += strlen(tag);
		end = strchr(p, '<');
		if (end == NULL || end == p)
			continue;
		*end = '\0';
		if (set->n < MAX_NAMES)
			set->names[set->n++] = strdup(p);
	}
	fclose(f);
}

static void
throughput(const char *label, const name_set *set, long calls)
{
	static char out[SC_NORM_BUFSIZE];
	double		t0,
				t1;
	long		i;
	size_t		len;
	long		errors = 0;

	if (set->n == 0)
		return;
	/* warm the lazily built tables and caches */
	for (i = 0; i < set->n; i++)
		sc_name_normalize(set->names[i], strlen(set->names[i]), out, &len);
	t0 = bench_now();
	for (i = 0; i < calls; i++)
	{
		const char *s = set->names[i % set->n];

		if (sc_name_normalize(s, strlen(s), out, &len) != SC_OK)
			errors++;
	}
	t1 = bench_now();
	printf("%-34s %10.0f names/s  (%ld calls over %d distinct names, %ld errors)\n",
		   label, calls / (t1 - t0), calls, set->n, errors);
}

/* Throughput per script among the non-Latin names. */
static void
per_script(const name_set *set, long calls_each)
{
	const char *scripts[] = {"Cyrillic", "Arabic", "Greek", "Hebrew", "Han", "Japanese", "Hangul",
	"Korean", "Devanagari", "Thai", "Georgian", "Armenian", "Bengali", "Katakana", "Hiragana", NULL};
	int			s;

	for (s = 0; scripts[s]; s++)
	{
		static name_set sub;
		char		label[64];
		int			i;

		sub.n = 0;
		for (i = 0; i < set->n; i++)
		{
			const char *script;

			if (sc_name_script(set->names[i], strlen(set->names[i]), &script) == SC_OK &&
				strcmp(script, scripts[s]) == 0)
				sub.names[sub.n++] = set->names[i];
		}
		if (sub.n == 0)
			continue;
		snprintf(label, sizeof(label), "  %s", scripts[s]);
		throughput(label, &sub, calls_each);
	}
}

static void
memory_flat(const name_set *a, const name_set *b)
{
	static char out[SC_NORM_BUFSIZE];
	long		i;
	long		rss1 = 0;
	size_t		len;

	for (i = 0; i < 10000000; i++)
	{
		const name_set *s = (i & 1) ? b : a;
		const char *name = s->names[(i / 2) % s->n];

		sc_name_normalize(name, strlen(name), out, &len);
		if (i == 999999)
			rss1 = rss_kb();
	}
	printf("resident memory after 1M calls: %ld kB, after 10M calls: %ld kB (%+ld kB)\n",
		   rss1, rss_kb(), rss_kb() - rss1);
}

/* ---- transliteration reach on the labelled dev sets ---- */

static bool
within_one_edit(const char *a, const char *b)
{
	int32_t		ca[SC_NORM_BUFSIZE],
				cb[SC_NORM_BUFSIZE];
	int			na = sc_utf8_to_cps(a, strlen(a), ca, SC_NORM_BUFSIZE);
	int			nb = sc_utf8_to_cps(b, strlen(b), cb, SC_NORM_BUFSIZE);

	if (na < 0 || nb < 0)
		return false;
	return sc_osa_distance_bounded(ca, na, cb, nb, 1) <= 1;
}

static void
translit_file(const char *file)
{
	char		rel[512];
	FILE	   *f;
	char		line[4096];
	static sc_variant_set va,
				vb;
	long		total = 0,
				equal = 0,
				near = 0;

	snprintf(rel, sizeof(rel), "labelled/translit/%s", file);
	f = bench_open_data(rel);
	while (fgets(line, sizeof(line), f))
	{
		char	   *english = line;
		char	   *native = strchr(line, '\t');
		char	   *tab2;
		char		joined[2048];
		size_t		k = 0;
		bool		is_eq = false,
					is_near = false;
		int			i,
					j;

		if (native == NULL)
			continue;
		*native++ = '\0';
		native[strcspn(native, "\r\n")] = '\0';
		tab2 = strchr(native, '\t');
		if (tab2)
		{
			/* single-token files write the native form with spaced characters */
			char	   *p;

			*tab2 = '\0';
			for (p = native; *p && k + 1 < sizeof(joined); p++)
				if (*p != ' ')
					joined[k++] = *p;
			joined[k] = '\0';
			native = joined;
		}
		/* google_ar2en is arabic<TAB>latin: put the Latin side first */
		if (strncmp(file, "google_", 7) == 0)
		{
			char	   *tmp = english;

			english = native;
			native = tmp;
		}
		if (sc_name_variants(native, strlen(native), &va) != SC_OK ||
			sc_name_variants(english, strlen(english), &vb) != SC_OK)
			continue;
		total++;
		for (i = 0; i < va.n && !is_eq; i++)
			for (j = 0; j < vb.n && !is_eq; j++)
			{
				if (strcmp(va.v[i], vb.v[j]) == 0)
					is_eq = true;
				else if (!is_near && within_one_edit(va.v[i], vb.v[j]))
					is_near = true;
			}
		if (is_eq)
			equal++;
		else if (is_near)
			near++;
	}
	fclose(f);
	printf("%-26s %6ld pairs   equal %5.1f%%   equal or within one edit %5.1f%%\n",
		   file, total, 100.0 * equal / (total ? total : 1), 100.0 * (equal + near) / (total ? total : 1));
}

int
main(int argc, char **argv)
{
	static name_set ascii,
				nonlatin,
				accented,
				un;
	long		calls = argc > 1 ? atol(argv[1]) : 2000000;
	const char *files[] = {"wd_russian_20_dev.tsv", "wd_arabic_20_dev.tsv", "google_ar2en_dev.tsv",
		"wd_hebrew_dev.tsv", "wd_korean_dev.tsv", "wd_chinese_20_dev.tsv", "wd_japanese_20_dev.tsv",
	"wd_katakana_20_dev.tsv", NULL};
	int			i;

	load_faker(&ascii, &nonlatin, &accented);
	load_un_original(&un);
	printf("== normalization throughput, one core (ICU %s)\n", sc_icu_version());
	throughput("ASCII names (faker)", &ascii, calls);
	throughput("accented Latin names (faker)", &accented, calls / 2);
	throughput("non-Latin names (faker)", &nonlatin, calls / 4);
	per_script(&nonlatin, calls / 20);
	throughput("UN original-script names", &un, calls / 4);
	printf("== memory over 10 million calls\n");
	memory_flat(&ascii, &nonlatin);
	printf("== transliteration reach: native vs English, some variant pair equal / within one edit\n");
	for (i = 0; files[i]; i++)
		translit_file(files[i]);
	return 0;
}
