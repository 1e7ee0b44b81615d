# screening - PostgreSQL extension (PGXS build)
#
# Two commands do everything on a fresh Debian 12 machine:
#   make test   install what is missing, build, run every suite, print "N passed, N failed"
#   make demo   install what is missing, build, screen a sample manifest on a throwaway cluster
# See README.md for the rest (make install, make unit, make lint, make bench,
# make fuzz, make sanitize).

EXTENSION   = screening
MODULE_big  = screening
PGFILEDESC  = "screening - passenger screening against watchlists"

DATA_TSV    = $(sort $(wildcard data/*.tsv))
CORE_SRCS   = $(sort $(wildcard src/core/*.c))
PG_SRCS     = $(sort $(wildcard src/*.c src/nameidx/*.c))
GEN_C       = src/gen/sc_tables.c
GEN_H       = src/gen/sc_tables.h
OBJS        = $(PG_SRCS:.c=.o) $(CORE_SRCS:.c=.o) $(GEN_C:.c=.o)

DATA        = $(sort $(wildcard sql/$(EXTENSION)--*.sql))
REGRESS     = $(sort $(patsubst sql/%.sql,%,$(filter-out sql/$(EXTENSION)--%,$(wildcard sql/*.sql))))
REGRESS_OPTS = --load-extension=$(EXTENSION) --encoding=UTF8

# The server's headers are included as system headers: they are not -Wextra
# clean (unused parameters in static inline functions), and our own code
# should be held to the full set of warnings without excusing theirs.
PG_CPPFLAGS = -I$(srcdir)/src -I$(srcdir)/src/nameidx -I$(srcdir)/src/core -I$(srcdir)/src/gen \
              -isystem $(shell $(PG_CONFIG) --includedir-server 2>/dev/null)
# Warnings are errors here, not only in CI.  PGXS appends PG_CFLAGS last.
PG_CFLAGS   = -Wall -Wextra -Werror
SHLIB_LINK  = -licui18n -licuuc -licudata
EXTRA_CLEAN = src/gen build results regression.diffs regression.out

PG_CONFIG  ?= pg_config
PGXS       := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifneq ($(PGXS),)
include $(PGXS)
else
# No PostgreSQL development files yet: only the bootstrap targets work.
all:
	@echo "pg_config not found: run 'make test' or 'make demo' (they install the build dependencies)," >&2
	@echo "or install postgresql-server-dev-15 and libicu-dev." >&2
	@exit 1
endif

# ---- generated tables -------------------------------------------------------
$(GEN_C) $(GEN_H): tools/gen_tables.pl $(DATA_TSV)
	@mkdir -p src/gen
	perl tools/gen_tables.pl $(GEN_C) $(GEN_H) $(DATA_TSV)

$(PG_SRCS:.c=.o) $(CORE_SRCS:.c=.o): $(GEN_H) $(wildcard src/*.h src/nameidx/*.h src/core/*.h)

# ---- the PostgreSQL-free core on its own ------------------------------------
# Unit tests link the core with ICU only: no server, no palloc.  UNIT_CFLAGS
# can add sanitizers (make unit UNIT_CFLAGS='-O1 -g -fsanitize=address,undefined').
UNIT_CC     ?= $(or $(CC),cc)
UNIT_CFLAGS ?= -O2 -g
UNIT_WARN    = -std=gnu99 -Wall -Wextra -Werror -Wdeclaration-after-statement -Wmissing-prototypes
UNIT_SRCS    = $(sort $(wildcard test/unit/test_*.c))
UNIT_DIR    ?= build/unit
UNIT_BINS    = $(patsubst test/unit/%.c,$(UNIT_DIR)/%,$(UNIT_SRCS))

$(UNIT_DIR)/%: test/unit/%.c $(CORE_SRCS) $(GEN_C) $(GEN_H) $(wildcard src/core/*.h) test/unit/tap.h test/bench/bench_score.c test/bench/bench_data.h
	@mkdir -p $(UNIT_DIR)
	$(UNIT_CC) $(UNIT_CFLAGS) $(UNIT_WARN) -Isrc/core -Isrc/gen -o $@ $< $(CORE_SRCS) $(GEN_C) -licui18n -licuuc -licudata -lm

# ---- fuzzing and sanitizers (the PostgreSQL-free core) ------------------------
# libFuzzer harnesses in test/fuzz, built with clang under AddressSanitizer and
# UndefinedBehaviorSanitizer.  make test replays the seed corpus and every past
# finding (test/fuzz/regressions); make fuzz fuzzes each harness for
# FUZZ_SECONDS, FUZZ_JOBS at a time, and prints executions and findings.
FUZZ_CC      ?= clang
FUZZ_CFLAGS  ?= -g -O1 -std=gnu99 -Wall -Wextra -Werror -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_SRCS     = $(sort $(wildcard test/fuzz/fuzz_*.c))
FUZZ_BINS     = $(patsubst test/fuzz/%.c,build/fuzz/%,$(FUZZ_SRCS))
FUZZ_SECONDS ?= 1500
FUZZ_JOBS    ?= 2

build/fuzz/%: test/fuzz/%.c test/fuzz/fuzz_common.h $(CORE_SRCS) $(GEN_C) $(GEN_H) $(wildcard src/core/*.h)
	@mkdir -p build/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Isrc/core -Isrc/gen -o $@ $< $(CORE_SRCS) $(GEN_C) -licui18n -licuuc -licudata -lm

fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) test/fuzz/run_fuzz.sh $(FUZZ_BINS)

# The core's unit tests and the fuzz replay under ASan and UBSan, built apart.
sanitize:
	$(MAKE) --no-print-directory unit UNIT_DIR=build/unit-san UNIT_CC=clang \
	  UNIT_CFLAGS='-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined'
	$(MAKE) --no-print-directory fuzz-build
	test/fuzz/run_fuzz.sh --replay $(FUZZ_BINS)

# The whole SQL test suite against the extension built with UBSan (gcc's
# runtime loads into the stock server; ASan's cannot).  A copy of the tree is
# built in build/ubsan (its Makefile given the flags, so the suite's own
# make install keeps them) and the normal build is untouched; any undefined
# behaviour aborts the backend, which fails the suite, and is logged with a
# stack trace in the cluster's log.
UBSAN_FLAGS = -fsanitize=undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
sanitize-sql:
	rm -rf build/ubsan && mkdir -p build/ubsan
	git ls-files --cached --others --exclude-standard -z | grep -zv '^build/' | xargs -0 cp --parents -t build/ubsan
	sed -i -e 's/^PG_CFLAGS   = .*/& $(UBSAN_FLAGS)/' -e 's/^SHLIB_LINK  = .*/& -lubsan/' build/ubsan/Makefile
	$(MAKE) --no-print-directory -s -C build/ubsan all
	@nm -D build/ubsan/screening.so | grep -q __ubsan_handle || { echo "build/ubsan/screening.so is not instrumented" >&2; exit 1; }
	cd build/ubsan && UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  SCREENING_DATA_DIR=$${SCREENING_DATA_DIR:-$(abspath ..)/shared/data} SUITES="regress pgtap isolation tap" test/run_all.sh

# The SQL suites once more with every backend under Valgrind (slow: hours
# for all of them; VALGRIND_SUITES picks), then tools/valgrind_report.sh:
# fails if any report has a frame in screening.so.
VALGRIND_SUITES ?= regress pgtap isolation
valgrind:
	EXTRA_PACKAGES=valgrind tools/bootstrap.sh
	$(MAKE) --no-print-directory -s all
	@dir=$$(mktemp -d $${TMPDIR:-/tmp}/screening-valgrind.XXXXXX); chmod 777 $$dir; \
	echo "Valgrind logs in $$dir"; \
	PGTEMP_VALGRIND=$$dir SUITES="$(VALGRIND_SUITES)" test/run_all.sh; rc=$$?; \
	tools/valgrind_report.sh $$dir || rc=1; exit $$rc

unit-build: $(UNIT_BINS)

unit: unit-build
	@rc=0; for t in $(UNIT_BINS); do echo "# $$t"; $$t || rc=1; done; exit $$rc

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,style,performance,portability \
	  --inline-suppr --std=c99 -Isrc/core -Isrc/gen --suppress=missingIncludeSystem \
	  '-Dpg_attribute_printf(a,b)=' '-Dpg_attribute_noreturn()=' '-Dpg_attribute_unused()=' -DPG_VERSION_NUM=150000 \
	  src/core src/*.c src/nameidx

# ---- the two commands --------------------------------------------------------
.PHONY: test demo bench unit unit-build lint fuzz fuzz-build sanitize sanitize-sql valgrind
test:
	tools/bootstrap.sh
	$(MAKE) --no-print-directory -s all unit-build fuzz-build
	test/run_all.sh

demo:
	tools/bootstrap.sh
	$(MAKE) --no-print-directory -s all
	test/demo/run_demo.sh

bench:
	EXTRA_PACKAGES=pgbouncer tools/bootstrap.sh
	$(MAKE) --no-print-directory -s all
	test/bench/run_bench.sh
