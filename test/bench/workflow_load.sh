#!/bin/bash
# workflow_load.sh - the screening workflow under load (make bench, BENCH=load).
#
# Sourced by run_bench.sh with a throwaway cluster running.  For each list
# size in LOAD_SIZES (default 100000 1000000): 16 pgbench clients screen single
# passengers (screen_one, the check-in path) against a synthetic watchlist
# while another session reloads that list as a new version.  pgbench runs in
# rounds of LOAD_ROUND_SECONDS (default 120) until LOAD_SECONDS have passed
# and the reload has committed, plus one round after it, so screenings run
# before, during and after the switch to the new version.  Afterwards
# workflow_check.sql compares every alert with an oracle built from the
# versions each run pinned: none lost, none unexpected, none duplicated.
# Reports passengers per second, p50/p90/p99 latency from pgbench's
# per-transaction log, failed transactions, and the reload's time; then the
# price of a new connection: check-ins that each open one (pgbench -C).
#
# The server is configured the way a DBA would for this list:
# shared_buffers LOAD_SHARED_BUFFERS (default 2GB; the 1M-name list's tables
# and index take about 600 MB, two versions during a reload twice that),
# screening in shared_preload_libraries (LOAD_PRELOAD=0 to leave it out: the
# postmaster builds the transliterators once, README "Installing"), and the
# clients keep their connections for a round, as a check-in service's pool
# does.  A backend's first screenings cost much more (catalogue and plan
# caches, prepared names), so short rounds measure connection warm-up more
# than screening: rounds of 30 s with shared_buffers 256MB and no preloading
# gave 85 passengers/s at 1M names.
#
# The 16 clients reach the server through pgbouncer in transaction mode with
# LOAD_POOL (default 2) server connections, as a DBA would put a pool in
# front of a 2-core server: sixteen backends fighting over two cores each
# run with cold CPU caches and page tables (a backend's second pass over the
# same 300 passengers took 3.6 ms a check-in against 6.9 ms for its first),
# and the reload gets a seventeenth of the CPU.  LOAD_POOL=0 connects the
# clients directly, one backend each (the figures before 2026-12-08).
#
# Before the measured rounds, LOAD_WARMUP_SECONDS (default 30) of the same
# check-ins, then ANALYZE, not counted but reported.  A new database's
# workflow tables (alerts, runs, passengers screened) are empty, and the
# plans a long-lived backend caches while they are scan them whole until
# autovacuum's first ANALYZE, up to a minute later (100k names, pooled:
# 238 check-ins a second instead of about 1,200); a service in operation
# has them analyzed.
LOAD_SIZES=${LOAD_SIZES:-100000 1000000}
LOAD_SECONDS=${LOAD_SECONDS:-120}
LOAD_CLIENTS=${LOAD_CLIENTS:-16}
LOAD_ROUND_SECONDS=${LOAD_ROUND_SECONDS:-120}
LOAD_SHARED_BUFFERS=${LOAD_SHARED_BUFFERS:-2GB}
LOAD_PRELOAD=${LOAD_PRELOAD:-1}
LOAD_POOL=${LOAD_POOL:-2}
LOAD_WARMUP_SECONDS=${LOAD_WARMUP_SECONDS:-30}

pgtemp_as_owner psql -X -q -d postgres -c "ALTER SYSTEM SET shared_buffers = '$LOAD_SHARED_BUFFERS'"
[ "$LOAD_PRELOAD" = 1 ] && pgtemp_as_owner psql -X -q -d postgres -c "ALTER SYSTEM SET shared_preload_libraries = screening"
pgtemp_as_owner pg_ctl -D "$PGTEMP/data" -l "$PGTEMP/server.log" -w -t 120 restart >/dev/null

# the clients' connection: the pool's socket, or the server's
CLIENT_CONN=(-h "$PGHOST" -p "$PGPORT")
if [ "$LOAD_POOL" -gt 0 ]; then
    command -v pgbouncer >/dev/null ||
        { echo "LOAD_POOL=$LOAD_POOL needs pgbouncer (make bench installs it; LOAD_POOL=0 connects directly)" >&2; exit 1; }
    mkdir -p "$PGTEMP/pool"
    cat >"$PGTEMP/pool/pgbouncer.ini" <<EOF
[databases]
* = host=$PGHOST port=$PGPORT
[pgbouncer]
listen_addr =
unix_socket_dir = $PGTEMP/pool
listen_port = 6432
auth_type = trust
auth_file = $PGTEMP/pool/users.txt
pool_mode = transaction
default_pool_size = $LOAD_POOL
max_client_conn = 200
logfile = $PGTEMP/pool/pgbouncer.log
pidfile = $PGTEMP/pool/pgbouncer.pid
EOF
    echo '"postgres" ""' >"$PGTEMP/pool/users.txt"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$PGTEMP/pool"
    pgtemp_as_owner pgbouncer -q -d "$PGTEMP/pool/pgbouncer.ini"
    CLIENT_CONN=(-h "$PGTEMP/pool" -p 6432)
fi

# new_connection_rate LABEL CONNECTION-OPTIONS...: check-ins that each open a connection
new_connection_rate() {
    _label=$1; shift
    (cd "$LOAD_DIR" && pgtemp_as_owner pgbench "$@" -n -C -c 2 -j 2 -T 20 -f workflow_screen_one.pgbench "$db" 2>&1) |
        awk -v label="$_label" '/^tps/ { t = $3 } /latency average/ { l = $4 }
             END { printf "%s per check-in (pgbench -C, 2 clients, 20 s): %.0f passengers/s, %.1f ms on average\n", label, t, l }'
}

for LOAD_NAMES in $LOAD_SIZES; do
    LOAD_DIR=$PGTEMP/load_$LOAD_NAMES
    rm -rf "$LOAD_DIR"
    mkdir -p "$LOAD_DIR"
    perl test/bench/gen_names.pl list "$LOAD_NAMES" >"$LOAD_DIR/list.tsv"
    perl test/bench/gen_names.pl passengers 10000 "$LOAD_NAMES" >"$LOAD_DIR/pax.tsv"
    cp test/bench/workflow_*.sql test/bench/workflow_screen_one.pgbench "$LOAD_DIR/"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$LOAD_DIR"
    db=bench_load_$LOAD_NAMES

    echo "== workflow under load: $LOAD_CLIENTS clients, screen_one against $LOAD_NAMES names, the list reloaded meanwhile (rounds of $LOAD_ROUND_SECONDS s, shared_buffers $LOAD_SHARED_BUFFERS, preloaded: $LOAD_PRELOAD, server connections: $([ "$LOAD_POOL" -gt 0 ] && echo "a pgbouncer pool of $LOAD_POOL" || echo "one per client"))"
    pgtemp_as_owner psql -X -q -d postgres -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'"
    pgtemp_as_owner psql -X -q -d "$db" -v list_file="$LOAD_DIR/list.tsv" -v pax_file="$LOAD_DIR/pax.tsv" \
        -f "$LOAD_DIR/workflow_setup.sql"

    if [ "$LOAD_WARMUP_SECONDS" -gt 0 ]; then
        (cd "$LOAD_DIR" && pgtemp_as_owner pgbench "${CLIENT_CONN[@]}" -n -c "$LOAD_CLIENTS" -j 2 -T "$LOAD_WARMUP_SECONDS" \
            -f workflow_screen_one.pgbench "$db" >"$LOAD_DIR/warmup.out" 2>&1) || true
        pgtemp_as_owner psql -X -q -d "$db" -c "ANALYZE"
        awk -v s="$LOAD_WARMUP_SECONDS" '/^tps/ { printf "warm-up, not counted: %.0f passengers/s over %d s on the new database, then ANALYZE\n", $3, s }' \
            "$LOAD_DIR/warmup.out"
    fi
    t0=$(date +%s.%N)
    (
        sleep 10
        s=$(date +%s.%N)
        pgtemp_as_owner psql -X -q -At -d "$db" -c "SELECT load_synthetic(2)" >/dev/null
        echo "$s $(date +%s.%N)" >"$LOAD_DIR/reload.times"
    ) &
    reload_pid=$!
    rounds=0; failed_rounds=0; after=0
    while :; do
        rounds=$((rounds + 1))
        (cd "$LOAD_DIR" && pgtemp_as_owner pgbench "${CLIENT_CONN[@]}" -n -c "$LOAD_CLIENTS" -j 2 -T "$LOAD_ROUND_SECONDS" -l --log-prefix="r$rounds" \
            -f workflow_screen_one.pgbench "$db" >"$LOAD_DIR/pgbench.$rounds.out" 2>&1) || failed_rounds=$((failed_rounds + 1))
        elapsed=$(awk -v t0="$t0" -v now="$(date +%s.%N)" 'BEGIN { printf "%d", now - t0 }')
        if [ -f "$LOAD_DIR/reload.times" ]; then
            [ "$after" -eq 1 ] && [ "$elapsed" -ge "$LOAD_SECONDS" ] && break
            after=1     # one more round on the new version
        fi
    done
    t1=$(date +%s.%N)
    wait "$reload_pid"
    read -r rs re <"$LOAD_DIR/reload.times"
    cat "$LOAD_DIR"/pgbench.*.out | awk -v t0="$t0" -v t1="$t1" -v len="$LOAD_ROUND_SECONDS" -v rs="$rs" -v re="$re" -v rounds="$rounds" -v fr="$failed_rounds" '
        /number of transactions actually processed/ { split($0, a, ": "); n += a[2] }
        /number of failed transactions/ { split($0, a, ": "); split(a[2], b, " "); f += b[1] }
        END {
            printf "%d rounds of %d s (%d pgbench runs failed), %.0f s in all: %d passengers screened, %.0f a second, %d failed transactions\n",
                rounds, len, fr, t1 - t0, n, n / (t1 - t0), f
            printf "reload of the list (a new version, every name through nameidx): %.0f s, from %.0f s to %.0f s of the run\n",
                re - rs, rs - t0, re - t0 }'
    # each round's rate: before, during and after the reload
    for r in $(seq 1 "$rounds"); do
        awk -v r="$r" '/^tps/ { printf "round %d: %.0f passengers/s; ", r, $3 }' "$LOAD_DIR/pgbench.$r.out"
    done
    echo
    # per-transaction log lines: client, transaction, latency (us), script, epoch, us
    cat "$LOAD_DIR"/r*.[0-9]* 2>/dev/null | awk '{ print $3 }' | sort -n | awk '
        { v[NR] = $1 } END {
            if (NR == 0) { print "no transactions logged"; exit }
            printf "latency: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (%d screenings logged)\n",
                v[int(NR * 0.50) + 1] / 1000, v[int(NR * 0.90) + 1] / 1000, v[int(NR * 0.99) + 1] / 1000, v[NR] / 1000, NR }'
    # a check-in on a new connection each (the same screenings, so the oracle covers them):
    # a new server backend each, and (with the pool) a new client connection to the pool
    new_connection_rate "a new server connection" -h "$PGHOST" -p "$PGPORT"
    [ "$LOAD_POOL" -gt 0 ] && new_connection_rate "a new connection to the pool" "${CLIENT_CONN[@]}"
    echo "== after the run: every alert against the oracle"
    pgtemp_as_owner psql -X -q -d "$db" -f "$LOAD_DIR/workflow_check.sql"
    # the pool keeps server connections to the database: end them first
    [ "$LOAD_POOL" -gt 0 ] && pgtemp_as_owner psql -X -q -At -d postgres \
        -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '$db'" >/dev/null
    pgtemp_as_owner psql -X -q -d postgres -c "DROP DATABASE $db"
done
pgtemp_as_owner psql -X -q -d postgres -c "ALTER SYSTEM RESET shared_buffers" -c "ALTER SYSTEM RESET shared_preload_libraries"
pgtemp_as_owner pg_ctl -D "$PGTEMP/data" -l "$PGTEMP/server.log" -w -t 120 restart >/dev/null
