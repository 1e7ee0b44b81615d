#!/bin/bash
# cancel.sh - how fast long screening statements over a big list stop (make bench, BENCH=cancel).
#
# Sourced by run_bench.sh with the bench cluster running.  Builds a list of
# BENCH_CANCEL_NAMES names (default 1,000,000) with its nameidx index and
# 10,000 passengers, then for each long statement: the overshoot past
# statement_timeout = 2 s (server clock), and the delay from
# pg_cancel_backend to the backend going idle (its state_change against the
# canceller's clock), one second into the statement.  Goal: under 100 ms.
n=${BENCH_CANCEL_NAMES:-1000000}
db=bench_cancel
perl test/bench/gen_names.pl list "$n" 31 >"$PGTEMP/cancel_list.tsv"
perl test/bench/gen_names.pl passengers 10000 "$n" 31 >"$PGTEMP/cancel_pax.tsv"
[ "$(id -u)" -eq 0 ] && chown postgres: "$PGTEMP"/cancel_*.tsv
pgtemp_as_owner psql -X -q -d postgres -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'"
pgtemp_as_owner psql -X -q -d $db -v ON_ERROR_STOP=1 <<SQL
CREATE EXTENSION screening;
CREATE TEMP TABLE raw_list (id int, name text, romanize int);
COPY raw_list FROM '$PGTEMP/cancel_list.tsv';
CREATE TABLE watch AS SELECT id, CASE WHEN romanize = 1 THEN screening.name_normalize(name) ELSE name END AS name FROM raw_list;
CREATE TEMP TABLE raw_pax (pid int, name text, romanize int, listed_id int);
COPY raw_pax FROM '$PGTEMP/cancel_pax.tsv';
CREATE TABLE pax AS SELECT pid, CASE WHEN romanize = 1 THEN screening.name_normalize(name) ELSE name END AS name FROM raw_pax;
CREATE INDEX watch_name ON watch USING nameidx (name);
CREATE TABLE copy_of_watch AS SELECT * FROM watch;
ANALYZE;
SQL

declare -A long=(
  [sequential join]="SET enable_indexscan = off; SET enable_bitmapscan = off; SELECT count(*) FROM pax p JOIN watch w ON w.name OPERATOR(screening.~%) screening.name_query(p.name, 0.8)"
  [nameidx join]="SET enable_seqscan = off; SET enable_bitmapscan = off; SELECT count(*) FROM pax p JOIN watch w ON w.name OPERATOR(screening.~%) screening.name_query(p.name, 0.8)"
  [nameidx top-5 per passenger]="SET enable_seqscan = off; SELECT count(*) FROM pax p CROSS JOIN LATERAL (SELECT w.id FROM watch w ORDER BY w.name OPERATOR(screening.<~%>) p.name LIMIT 5) t"
  [nameidx build]="SET maintenance_work_mem = '256MB'; CREATE INDEX copy_name ON copy_of_watch USING nameidx (name)"
)
echo
echo "## cancellation over $n names (goal: stopped within 100 ms)"
printf '%-30s %28s %28s\n' statement "statement_timeout overshoot" "pg_cancel_backend delay"
for what in "sequential join" "nameidx join" "nameidx top-5 per passenger" "nameidx build"; do
    sql=${long[$what]}
    over=$(pgtemp_as_owner psql -X -At -d $db 2>/dev/null <<SQL | tail -1
SET max_parallel_workers_per_gather = 0;
SET statement_timeout = '2s';
SELECT clock_timestamp() AS t0 \gset
$sql;
RESET statement_timeout;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0') * 1000 - 2000)::int;
SQL
)
    # the victim stays connected after the cancel (psql waits on its input),
    # so its state_change is the moment the statement stopped
    ( echo "SET max_parallel_workers_per_gather = 0; $sql;"; sleep 4 ) |
        PGAPPNAME=cancel_victim pgtemp_as_owner psql -X -At -d $db >/dev/null 2>&1 &
    sleep 1
    victim=$(pgtemp_as_owner psql -X -At -d $db -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'cancel_victim' AND state = 'active'")
    t_cancel=$(pgtemp_as_owner psql -X -At -d $db -c "SELECT clock_timestamp(), pg_cancel_backend($victim)" | cut -d'|' -f1)
    for _ in $(seq 1 500); do
        [ "$(pgtemp_as_owner psql -X -At -d $db -c "SELECT state FROM pg_stat_activity WHERE pid = $victim")" = active ] || break
        sleep 0.01
    done
    delay=$(pgtemp_as_owner psql -X -At -d $db -c \
        "SELECT round(extract(epoch FROM state_change - '$t_cancel'::timestamptz) * 1000)::int FROM pg_stat_activity WHERE pid = $victim")
    wait || true
    printf '%-30s %25s ms %25s ms\n' "$what" "$over" "$delay"
done
