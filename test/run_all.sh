#!/bin/bash
# run_all.sh - run every test suite of screening and print one line "N passed, N failed".
#
# Called by 'make test' after the build.  Suites, in order:
#   unit    the PostgreSQL-free core's C unit tests (TAP), build/unit/test_*
#   fuzz    every libFuzzer harness (test/fuzz) replays its seeds and past
#           findings under ASan and UBSan (one test per harness; make fuzz fuzzes)
#   lint    cppcheck over src/, tools/lint_sql.pl over the extension scripts, and
#           the two checkers shown to catch what they are for
#   regress pg_regress: sql/*.sql against expected/*.out (one test per file)
#   pgtap   pgTAP through pg_prove: test/pgtap/*.sql (one test per assertion)
#   isolation  pg_isolation_regress: test/isolation/specs/*.spec against
#           test/isolation/expected/*.out (one test per spec)
#   tap     Perl TAP tests with PostgreSQL::Test::Cluster: test/t/*.pl
# The SQL suites run against a throwaway cluster (tools/pgtemp.sh) that is
# stopped and removed even when a suite fails.  Every assertion counts; the
# exit status is non-zero if anything failed.  SUITES="unit regress" limits
# the run (TAP_TESTS / PGTAP_TESTS="test/pgtap/099_bad_inputs.sql" some files); SCREENING_DATA_DIR points at the shared data (default ../shared/data).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SUITES=${SUITES:-unit fuzz lint regress pgtap isolation tap}
export SCREENING_DATA_DIR=${SCREENING_DATA_DIR:-$(cd "$ROOT/.." && pwd)/shared/data}
if [ ! -d "$SCREENING_DATA_DIR" ]; then
    echo "!!! SHARED DATA NOT FOUND at $SCREENING_DATA_DIR: the tests that read it will FAIL." >&2
    echo "!!! Set SCREENING_DATA_DIR to the folder that holds watchlists/, labelled/, names/ ..." >&2
fi

. "$ROOT/tools/pgtemp.sh"
PASSED=0
FAILED=0
trap 'pgtemp_cleanup' EXIT

count_tap() {   # count_tap LOG: add the log's ok / not ok lines to the totals
    local p f
    p=$(grep -Ec '^[[:space:]]*ok [0-9]+' "$1")
    f=$(grep -Ec '^[[:space:]]*not ok [0-9]+' "$1")
    PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
    echo "== $2: $p passed, $f failed"
}

# A test file that died, or ran other than its plan, without a failing
# assertion ("Tests: 3 Failed: 0" in prove's summary) still counts as one failure.
count_broken_files() {
    local b
    b=$(grep -Ec '\(Wstat: [0-9]+ .*Failed: 0\)' "$1")
    FAILED=$((FAILED + b))
    [ "$b" -gt 0 ] && echo "== $b test file(s) died or broke their plan"
    return 0
}

has_suite() { case " $SUITES " in *" $1 "*) return 0;; esac; return 1; }

LOGDIR=$(mktemp -d "${TMPDIR:-/tmp}/screening-logs.XXXXXX")

if has_suite unit; then
    echo "== unit: the core's C tests"
    : >"$LOGDIR/unit.log"
    ran=0
    for t in build/unit/test_*; do
        [ -x "$t" ] || continue
        ran=$((ran + 1))
        echo "# $t" | tee -a "$LOGDIR/unit.log"
        if ! "$t" >>"$LOGDIR/unit.log" 2>&1; then
            # a crash or early exit that printed no "not ok" still counts
            if ! grep -q '^not ok' "$LOGDIR/unit.log"; then echo "not ok 1 - $t exited abnormally" >>"$LOGDIR/unit.log"; fi
        fi
    done
    # no binaries means the build did not run (make test builds them first): that is a failure
    [ "$ran" -gt 0 ] || echo "not ok 1 - no unit test binaries in build/unit (run make unit-build)" >>"$LOGDIR/unit.log"
    grep -E '^(not ok|#)' "$LOGDIR/unit.log" | grep -v '^# build' | head -50
    count_tap "$LOGDIR/unit.log" unit
fi

if has_suite fuzz; then
    echo "== fuzz: replaying the seeds and past findings through each harness"
    test/fuzz/run_fuzz.sh --replay build/fuzz/fuzz_* >"$LOGDIR/fuzz.log" 2>&1
    grep -Ev '^ok ' "$LOGDIR/fuzz.log" | head -30
    count_tap "$LOGDIR/fuzz.log" fuzz
fi

if has_suite lint; then
    echo "== lint: cppcheck"
    if make -s lint >"$LOGDIR/lint.log" 2>&1; then
        echo "ok 1 - cppcheck reports nothing on src/" >>"$LOGDIR/lint.log"
    else
        cat "$LOGDIR/lint.log"
        echo "not ok 1 - cppcheck reports nothing on src/" >>"$LOGDIR/lint.log"
    fi
    # the extension scripts' rules (tools/lint_sql.pl), and proof that the
    # lint can fail: a script that breaks each rule must be refused
    if perl tools/lint_sql.pl >>"$LOGDIR/lint.log" 2>&1; then
        echo "ok 2 - the extension scripts keep the script rules (tools/lint_sql.pl)" >>"$LOGDIR/lint.log"
    else
        echo "not ok 2 - the extension scripts keep the script rules (tools/lint_sql.pl)" >>"$LOGDIR/lint.log"
    fi
    bad=$(mktemp); printf '%s\n' 'CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;' \
        'CREATE TABLE IF NOT EXISTS t (i int);' 'ALTER FUNCTION f() SECURITY DEFINER;' \
        "    EXECUTE 'SELECT ' || x;" "    EXECUTE format('SELECT %s', x);" >"$bad"
    n=$(perl tools/lint_sql.pl "$bad" | wc -l); rm -f "$bad"
    if [ "$n" -eq 5 ]; then echo "ok 3 - tools/lint_sql.pl finds each of 5 planted breaches" >>"$LOGDIR/lint.log"
    else echo "not ok 3 - tools/lint_sql.pl finds each of 5 planted breaches (found $n)" >>"$LOGDIR/lint.log"; fi
    # tools/valgrind_report.sh (make valgrind) fails on a report in our code and only then
    vg=$(mktemp -d)
    printf '%s\n' '==11== Invalid read of size 4' '==11==    at 0x4848: sc_score_prepared (sc_score.c:120)' \
        '==11==    by 0x4849: screening_name_score (in /x/lib/postgresql/15/lib/screening.so)' '==11== ' >"$vg/vg.11.log"
    printf '%s\n' '==12== Syscall param write(buf) points to uninitialised byte(s)' '==12==    at 0x1: write (write.c:26)' \
        '==12==    by 0x2: XLogWrite (in /usr/lib/postgresql/15/bin/postgres)' '==12== ' >"$vg/vg.12.log"
    r_ours=0; tools/valgrind_report.sh "$vg" >/dev/null || r_ours=$?
    rm "$vg/vg.11.log"
    r_theirs=0; tools/valgrind_report.sh "$vg" >/dev/null || r_theirs=$?
    if [ "$r_ours" -eq 0 ] || [ "$r_theirs" -ne 0 ]; then
        echo "not ok 4 - tools/valgrind_report.sh fails on a report in screening.so and passes the server's own" >>"$LOGDIR/lint.log"
    else
        echo "ok 4 - tools/valgrind_report.sh fails on a report in screening.so and passes the server's own" >>"$LOGDIR/lint.log"
    fi
    rm -rf "$vg"
    grep -v '^ok' "$LOGDIR/lint.log"
    count_tap "$LOGDIR/lint.log" lint
fi

if has_suite regress || has_suite pgtap || has_suite isolation || has_suite tap; then
    pgtemp_setup "$ROOT" || { echo "not ok 1 - temporary installation"; exit 1; }
    cp -r "$ROOT/sql" "$ROOT/expected" "$ROOT/test/isolation" "$PGTEMP/"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$PGTEMP"
fi

if has_suite regress || has_suite pgtap || has_suite isolation; then
    pgtemp_start || { echo "not ok 1 - start the throwaway cluster"; FAILED=$((FAILED + 1)); }
fi

if has_suite regress; then
    echo "== regress: pg_regress"
    tests=$(make -s -f - print-regress <<'MK' 2>/dev/null
include Makefile
print-regress: ; @echo $(REGRESS)
MK
)
    (cd "$PGTEMP" && pgtemp_as_owner "$PG_REGRESS" --host="$PGHOST" --port="$PGPORT" \
        --user=postgres --bindir="$PGTEMP_BIN" --inputdir=. --outputdir="$PGTEMP/regress" \
        --dbname=contrib_regression --load-extension=screening --encoding=UTF8 $tests) \
        >"$LOGDIR/regress.log" 2>&1
    cat "$LOGDIR/regress.log"
    [ -f "$PGTEMP/regress/regression.diffs" ] && head -200 "$PGTEMP/regress/regression.diffs"
    # SCREENING_KEEP_RESULTS=DIR keeps the actual outputs, to review and adopt as expected/
    [ -n "${SCREENING_KEEP_RESULTS:-}" ] && mkdir -p "$SCREENING_KEEP_RESULTS" &&
        cp "$PGTEMP"/regress/results/*.out "$SCREENING_KEEP_RESULTS/"
    p=$(grep -Ec '^(test|ok) .* \.\.\. ok|^ok [0-9]+ ' "$LOGDIR/regress.log")
    f=$(grep -Ec 'FAILED|failed \(ignored\)|^not ok' "$LOGDIR/regress.log")
    PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
    echo "== regress: $p passed, $f failed"
fi

if has_suite pgtap; then
    echo "== pgtap: pg_prove"
    PGTAP_TESTS=$(cd "$ROOT" && for t in ${PGTAP_TESTS:-test/pgtap/*.sql}; do readlink -f "$t"; done)
    pgtemp_as_owner psql -X -q -v ON_ERROR_STOP=1 -d postgres \
        -c "CREATE DATABASE screening_pgtap TEMPLATE template0 ENCODING 'UTF8'" >/dev/null &&
    pgtemp_as_owner psql -X -q -v ON_ERROR_STOP=1 -d screening_pgtap \
        -c "CREATE EXTENSION pgtap; CREATE EXTENSION screening; CREATE EXTENSION pg_trgm; CREATE EXTENSION fuzzystrmatch; CREATE EXTENSION unaccent;" >/dev/null
    pgtemp_as_owner pg_prove --verbose -h "$PGHOST" -p "$PGPORT" -U postgres -d screening_pgtap \
        -S data_dir="$SCREENING_DATA_DIR" -S fixtures_dir="$ROOT/test/fixtures" -S ON_ERROR_STOP=1 $PGTAP_TESTS >"$LOGDIR/pgtap.log" 2>&1
    grep -Ev '^[[:space:]]*ok [0-9]+' "$LOGDIR/pgtap.log"
    count_tap "$LOGDIR/pgtap.log" pgtap
    count_broken_files "$LOGDIR/pgtap.log"
fi

if has_suite isolation; then
    echo "== isolation: pg_isolation_regress"
    specs=$(cd "$ROOT/test/isolation/specs" && ls *.spec | sed 's/\.spec$//')
    (cd "$PGTEMP" && pgtemp_as_owner "$PGXS_DIR/src/test/isolation/pg_isolation_regress" \
        --host="$PGHOST" --port="$PGPORT" --user=postgres --bindir="$PGTEMP_BIN" \
        --inputdir=isolation --outputdir="$PGTEMP/isolation-out" --dbname=isolation_regression \
        --load-extension=screening --encoding=UTF8 $specs) >"$LOGDIR/isolation.log" 2>&1
    cat "$LOGDIR/isolation.log"
    [ -f "$PGTEMP/isolation-out/regression.diffs" ] && head -200 "$PGTEMP/isolation-out/regression.diffs"
    [ -n "${SCREENING_KEEP_RESULTS:-}" ] && mkdir -p "$SCREENING_KEEP_RESULTS" &&
        cp "$PGTEMP"/isolation-out/results/*.out "$SCREENING_KEEP_RESULTS/" 2>/dev/null
    p=$(grep -Ec '^(test|ok) .* \.\.\. ok|^ok [0-9]+ ' "$LOGDIR/isolation.log")
    f=$(grep -Ec 'FAILED|failed \(ignored\)|^not ok' "$LOGDIR/isolation.log")
    PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
    echo "== isolation: $p passed, $f failed"
fi

if has_suite regress || has_suite pgtap || has_suite isolation; then
    pgtemp_stop
fi

if has_suite tap; then
    echo "== tap: prove test/t"
    TAP_TESTS=$(cd "$ROOT" && for t in ${TAP_TESTS:-test/t/*.pl}; do readlink -f "$t"; done)
    mkdir -p "$PGTEMP/tap"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$PGTEMP/tap"
    # The test nodes are initdb'd in the environment's locale: a bare
    # environment (no LANG, as on a fresh container) would make them
    # SQL_ASCII, which screening refuses.
    (cd "$PGTEMP/tap" && pgtemp_as_owner env LANG=C.UTF-8 TESTDIR="$PGTEMP/tap" PG_REGRESS="$PG_REGRESS" \
        SCREENING_SRC="$ROOT" SCREENING_DATA_DIR="$SCREENING_DATA_DIR" PGHOST= PGPORT= PGUSER= PGDATABASE= \
        prove -v -I "$PGXS_DIR/src/test/perl" -I "$ROOT/test/t" $TAP_TESTS) >"$LOGDIR/tap.log" 2>&1
    grep -Ev '^[[:space:]]*ok [0-9]+' "$LOGDIR/tap.log"
    count_tap "$LOGDIR/tap.log" tap
    count_broken_files "$LOGDIR/tap.log"
fi

rm -rf "$LOGDIR"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
