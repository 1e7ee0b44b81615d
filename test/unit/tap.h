/*
 * tap.h - a minimal Test Anything Protocol emitter for the core's unit tests.
 *
 * The core is tested without PostgreSQL, so it cannot use pgTAP; the runner
 * (test/run_all.sh) counts these "ok"/"not ok" lines together with every other
 * suite's.  Header-only so that each test program is a single file.
 */
#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bench/bench_data.h"	/* the shared data folder */

static int	tap_run = 0;
static int	tap_failed = 0;

static inline int
tap_ok(int cond, const char *fmt,...)
{
	va_list		ap;

	tap_run++;
	if (!cond)
		tap_failed++;
	printf("%s %d - ", cond ? "ok" : "not ok", tap_run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return cond;
}

#define ok(cond, ...) tap_ok((cond) != 0, __VA_ARGS__)

static inline int
tap_is_str(const char *got, const char *expected, const char *name)
{
	int			cond = (got != NULL && expected != NULL && strcmp(got, expected) == 0);

	tap_ok(cond, "%s", name);
	if (!cond)
		printf("#   got:      '%s'\n#   expected: '%s'\n", got ? got : "(null)",
			   expected ? expected : "(null)");
	return cond;
}

#define is_str(got, expected, name) tap_is_str((got), (expected), (name))

static inline void
tap_diag(const char *fmt,...)
{
	va_list		ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

#define diag(...) tap_diag(__VA_ARGS__)

/* Print the plan and return the process exit status. */
static inline int
done_testing(void)
{
	printf("1..%d\n", tap_run);
	return tap_failed == 0 ? 0 : 1;
}

/*
 * Where the shared data lives.  Tests that read it fail loudly when it is
 * missing: a skipped test would hide a regression.
 */
static inline FILE *
tap_open_data(const char *relpath)
{
	char		path[4096];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/%s", bench_data_dir(), relpath);
	f = fopen(path, "r");
	if (f == NULL)
	{
		tap_ok(0, "shared data file %s is readable", path);
		printf("# SHARED DATA MISSING: %s (set SCREENING_DATA_DIR to the shared data folder)\n", path);
	}
	return f;
}

#endif
