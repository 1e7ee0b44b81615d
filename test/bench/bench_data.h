/*
 * bench_data.h - what the C benchmarks share: the shared data folder and a clock.
 *
 * The data folder is SCREENING_DATA_DIR, or ../shared/data beside the
 * project.  A missing file stops the benchmark loudly (exit 2): figures
 * computed on missing data would be silently wrong.  static inline, so a
 * unit test that includes a benchmark for some of its pieces gets no
 * unused-function warnings.
 */
#ifndef BENCH_DATA_H
#define BENCH_DATA_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline const char *
bench_data_dir(void)
{
	const char *d = getenv("SCREENING_DATA_DIR");

	return d && *d ? d : "../shared/data";
}

static inline FILE *
bench_open_data(const char *rel)
{
	char		path[4096];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/%s", bench_data_dir(), rel);
	f = fopen(path, "r");
	if (f == NULL)
	{
		fprintf(stderr, "!!! SHARED DATA MISSING: %s (set SCREENING_DATA_DIR)\n", path);
		exit(2);
	}
	return f;
}

/* Seconds on the monotonic clock. */
static inline double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif							/* BENCH_DATA_H */
