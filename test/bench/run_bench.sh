#!/bin/bash
# run_bench.sh - the project's benchmarks (make bench).
#
# Speed targets live here, not in the test suite: timings on a shared 2-core
# machine are for reporting and regression spotting, not for pass/fail.
# Every figure is printed with what it was compared against in the same run.
#   core     test/bench/bench_normalize.c: names/s, memory, transliteration reach;
#            test/bench/bench_score.c: scorer accuracy on the labelled sets, speed
#   sql      the same functions through SQL on a throwaway cluster, beside
#            unaccent/upper, pg_trgm and fuzzystrmatch (normalize_sql.sql,
#            score_sql.sql); person-level screening of the UN list per
#            profile, against the name alone (person_sql.sql); loading the
#            lists and parsing passenger messages (loaders_sql.sql)
#   nameidx  the index against pg_trgm's GIN and GiST on synthetic lists of
#            BENCH_NAMEIDX_SIZES names (default 100000 1000000) and a manifest
#            of 10,000 passengers (gen_names.pl, nameidx_synthetic.sql), then
#            on the real OFAC and UN names (nameidx_real.sql)
#   load     the screening workflow under load: 16 pgbench clients screening
#            single passengers against a 1M-name list while it is reloaded,
#            then every alert checked against an oracle (workflow_load.sh)
#   shards   one node against two postgres_fdw shards (databases of the bench
#            cluster) on BENCH_SHARD_NAMES names (default 100000) and 2,000
#            passengers: time, speed-up and result equality (fdw_shards.sql)
#   cancel   how fast long statements over BENCH_CANCEL_NAMES names (default
#            1,000,000) stop on statement_timeout and pg_cancel_backend (cancel.sh)
# BENCH="core" limits the run; BENCH_CALLS sets the core's call count.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
export SCREENING_DATA_DIR=${SCREENING_DATA_DIR:-$(cd "$ROOT/.." && pwd)/shared/data}
BENCH=${BENCH:-core sql nameidx load shards cancel}
CALLS=${BENCH_CALLS:-2000000}
mkdir -p build/bench

case " $BENCH " in *" core "*)
    make -s src/gen/sc_tables.c src/gen/sc_tables.h
    cc -O2 -g -std=gnu99 -Isrc/core -Isrc/gen -o build/bench/bench_normalize test/bench/bench_normalize.c \
        src/core/*.c src/gen/sc_tables.c -licui18n -licuuc -licudata -lm
    build/bench/bench_normalize "$CALLS"
    cc -O2 -g -std=gnu99 -Isrc/core -Isrc/gen -o build/bench/bench_score test/bench/bench_score.c \
        src/core/*.c src/gen/sc_tables.c -licui18n -licuuc -licudata -lm
    build/bench/bench_score
    ;;
esac

case " $BENCH " in *" sql "*|*" nameidx "*|*" load "*|*" shards "*|*" cancel "*)
    . "$ROOT/tools/pgtemp.sh"
    trap 'pgtemp_cleanup' EXIT
    pgtemp_setup "$ROOT"
    pgtemp_start "maintenance_work_mem = 256MB" "work_mem = 16MB"
    # the cluster owner reads the scripts: copy them where it can
    mkdir -p "$PGTEMP/bench" "$PGTEMP/shared"
    cp "$ROOT"/test/bench/*.sql "$PGTEMP/bench/"
    cp "$ROOT"/test/shared/*.sql "$PGTEMP/shared/"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$PGTEMP/bench" "$PGTEMP/shared"
    pgtemp_as_owner psql -X -q -d postgres -c "CREATE DATABASE bench TEMPLATE template0 ENCODING 'UTF8'"
    ;;
esac

case " $BENCH " in *" cancel "*)
    . test/bench/cancel.sh
    ;;
esac

case " $BENCH " in *" shards "*)
    n=${BENCH_SHARD_NAMES:-100000}
    perl test/bench/gen_names.pl list "$n" 23 >"$PGTEMP/shard_list.tsv"
    perl test/bench/gen_names.pl passengers 2000 "$n" 23 >"$PGTEMP/shard_pax.tsv"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$PGTEMP"/shard_*.tsv
    for db in coord shard0 shard1; do
        pgtemp_as_owner psql -X -q -d postgres -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'"
    done
    pgtemp_as_owner psql -X -q -d coord -v n="$n" -v host="$PGHOST" -v port="$PGPORT" \
        -v list_file="$PGTEMP/shard_list.tsv" -v pax_file="$PGTEMP/shard_pax.tsv" -f "$PGTEMP/bench/fdw_shards.sql"
    ;;
esac

case " $BENCH " in *" sql "*)
    pgtemp_as_owner psql -X -q -d bench -v data_dir="$SCREENING_DATA_DIR" -f "$PGTEMP/bench/normalize_sql.sql"
    pgtemp_as_owner psql -X -q -d bench -v data_dir="$SCREENING_DATA_DIR" -f "$PGTEMP/bench/score_sql.sql"
    pgtemp_as_owner psql -X -q -d bench -v data_dir="$SCREENING_DATA_DIR" -f "$PGTEMP/bench/person_sql.sql"
    pgtemp_as_owner psql -X -q -d bench -v data_dir="$SCREENING_DATA_DIR" -f "$PGTEMP/bench/loaders_sql.sql"
    ;;
esac

case " $BENCH " in *" nameidx "*)
    for n in ${BENCH_NAMEIDX_SIZES-100000 1000000}; do
        perl test/bench/gen_names.pl list "$n" >"$PGTEMP/list_$n.tsv"
        perl test/bench/gen_names.pl passengers 10000 "$n" >"$PGTEMP/pax_$n.tsv"
        [ "$(id -u)" -eq 0 ] && chown postgres: "$PGTEMP"/*.tsv
        # pg_trgm's searches and the sequential-scan check (2.5 us per pair)
        # slow down with the list: fewer of them at 1M
        if [ "$n" -ge 500000 ]; then sample=500; verify=40; else sample=1000; verify=200; fi
        pgtemp_as_owner psql -X -q -d postgres -c "CREATE DATABASE bench_$n TEMPLATE template0 ENCODING 'UTF8'"
        pgtemp_as_owner psql -X -q -d "bench_$n" -v n="$n" -v list_file="$PGTEMP/list_$n.tsv" \
            -v pax_file="$PGTEMP/pax_$n.tsv" -v sample_all="$sample" -v trgm_sample="$sample" \
            -v verify="$verify" -f "$PGTEMP/bench/nameidx_synthetic.sql"
    done
    pgtemp_as_owner psql -X -q -d postgres -c "CREATE DATABASE bench_real TEMPLATE template0 ENCODING 'UTF8'"
    pgtemp_as_owner psql -X -q -d bench_real -v n="OFAC + UN (real)" -v data_dir="$SCREENING_DATA_DIR" \
        -v sample_all=1000 -v trgm_sample=1000 -v verify=300 -f "$PGTEMP/bench/nameidx_real.sql"
    ;;
esac

case " $BENCH " in *" load "*)
    . "$ROOT/test/bench/workflow_load.sh"
    ;;
esac
