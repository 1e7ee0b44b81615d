/*
 * fuzz_common.h - what the libFuzzer harnesses share.
 *
 * Harnesses drive the PostgreSQL-free core (src/core) with arbitrary bytes.
 * A crash, a sanitizer report or a broken invariant (fuzz_check) is a
 * finding; every finding becomes a file in test/fuzz/regressions/<harness>,
 * which make test replays.  Inputs carrying several values split them at
 * newlines (fuzz_field), so seeds stay readable text.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An invariant the core promises; abort so that libFuzzer keeps the input. */
#define fuzz_check(cond, what) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "fuzz invariant broken: %s (%s:%d)\n", (what), __FILE__, __LINE__); \
			abort(); \
		} \
	} while (0)

/* The next newline-separated field of [*p, end), or the rest; *len its length. */
static inline const char *
fuzz_field(const uint8_t **p, const uint8_t *end, size_t *len)
{
	const uint8_t *start = *p;
	const uint8_t *nl = memchr(start, '\n', (size_t) (end - start));

	if (nl == NULL)
	{
		*len = (size_t) (end - start);
		*p = end;
	}
	else
	{
		*len = (size_t) (nl - start);
		*p = nl + 1;
	}
	return (const char *) start;
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
