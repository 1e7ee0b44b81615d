# pgtemp.sh - a throwaway PostgreSQL for tests, benchmarks and the demo (sourced, not run).
#
# What it gives:
#  - a temporary installation: the system's PostgreSQL binaries copied into a
#    private tree, with this build's extension files staged beside symlinks to
#    the system's own.  PostgreSQL finds its share/ and lib/ relative to its
#    binary, so the cluster loads the screening we just built, never a stale
#    one, and nothing is written outside the temp directory (no root needed);
#  - a cluster in that directory, listening only on a unix socket in it, so
#    two runs on one machine never collide on a port;
#  - when we are root, the cluster runs as the "postgres" user (initdb
#    refuses root), and everything is torn down by pgtemp_cleanup.
#
# Variables after pgtemp_setup: PGTEMP (the directory), PGTEMP_BIN, PGHOST,
# PGPORT, PGUSER (exported), PG_REGRESS, PGXS_DIR, PGTEMP_AS (command prefix
# that runs a command as the cluster owner).

PG_CONFIG=${PG_CONFIG:-pg_config}

pgtemp_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- env PATH="$PGTEMP_BIN:$PATH" "$@"
    else
        env PATH="$PGTEMP_BIN:$PATH" "$@"
    fi
}

# pgtemp_setup SRCDIR: make the temp dir and the temporary installation.
pgtemp_setup() {
    _src=$1
    PGTEMP=$(mktemp -d "${TMPDIR:-/tmp}/screening.XXXXXX")
    _bindir=$($PG_CONFIG --bindir)
    _libdir=$($PG_CONFIG --pkglibdir)
    _sharedir=$($PG_CONFIG --sharedir)
    PGXS_DIR=$(dirname "$($PG_CONFIG --pgxs)")/../..
    PG_REGRESS=$PGXS_DIR/src/test/regress/pg_regress

    _inst=$PGTEMP/inst
    mkdir -p "$_inst$_bindir" "$_inst$_libdir" "$_inst$_sharedir/extension" "$PGTEMP/stage"
    cp -p "$_bindir"/* "$_inst$_bindir/"
    for f in "$_libdir"/*; do ln -s "$f" "$_inst$_libdir/"; done
    for f in "$_sharedir"/*; do
        [ "$(basename "$f")" = extension ] || ln -s "$f" "$_inst$_sharedir/"
    done
    for f in "$_sharedir"/extension/*; do ln -s "$f" "$_inst$_sharedir/extension/"; done

    # Stage this build and lay it over the symlinks.
    make -s -C "$_src" install DESTDIR="$PGTEMP/stage" >/dev/null
    for f in "$PGTEMP/stage$_libdir"/*; do
        [ -f "$f" ] && ln -sf "$f" "$_inst$_libdir/"
    done
    for f in "$PGTEMP/stage$_sharedir"/extension/*; do
        ln -sf "$f" "$_inst$_sharedir/extension/"
    done
    PGTEMP_BIN=$_inst$_bindir
    PGHOST=$PGTEMP/sock
    PGPORT=5432
    PGUSER=postgres
    PGDATABASE=postgres
    export PGHOST PGPORT PGUSER PGDATABASE PGTEMP PGTEMP_BIN PG_REGRESS PGXS_DIR
    mkdir -p "$PGHOST"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$PGTEMP"; fi
    chmod 755 "$PGTEMP"
}

# pgtemp_start [extra postgresql.conf lines...]
pgtemp_start() {
    pgtemp_as_owner initdb -D "$PGTEMP/data" -U postgres --auth=trust --encoding=UTF8 \
        --locale=C.UTF-8 >"$PGTEMP/initdb.log" 2>&1 || { cat "$PGTEMP/initdb.log"; return 1; }
    {
        echo "listen_addresses = ''"
        echo "unix_socket_directories = '$PGHOST'"
        echo "port = $PGPORT"
        echo "fsync = off"
        echo "max_connections = 60"
        echo "shared_buffers = 256MB"
        for line in "$@"; do echo "$line"; done
    } >>"$PGTEMP/data/postgresql.conf"
    if [ -n "${PGTEMP_VALGRIND:-}" ]; then
        # Under Valgrind (make valgrind): every backend is traced, one log per
        # process in $PGTEMP_VALGRIND; leaks are not checked (the stock server
        # is not built with USE_VALGRIND, so memory contexts look like leaks).
        mkdir -p "$PGTEMP_VALGRIND"; [ "$(id -u)" -eq 0 ] && chown postgres: "$PGTEMP_VALGRIND"
        echo "jit = off" >>"$PGTEMP/data/postgresql.conf"
        pgtemp_as_owner sh -c "exec valgrind --quiet --trace-children=yes --leak-check=no --error-limit=no \
            --num-callers=40 --read-var-info=no --log-file='$PGTEMP_VALGRIND/vg.%p.log' \
            '$PGTEMP_BIN/postgres' -D '$PGTEMP/data' >'$PGTEMP/server.log' 2>&1 &"
        for _i in $(seq 1 600); do
            pgtemp_as_owner pg_isready -q -h "$PGHOST" -p "$PGPORT" && return 0
            sleep 1
        done
        cat "$PGTEMP/server.log"; return 1
    fi
    pgtemp_as_owner pg_ctl -D "$PGTEMP/data" -l "$PGTEMP/server.log" -w -t 60 start >/dev/null \
        || { cat "$PGTEMP/server.log"; return 1; }
}

pgtemp_stop() {
    # a connection pool the load bench started in the temp dir
    if [ -n "${PGTEMP:-}" ] && [ -f "$PGTEMP/pool/pgbouncer.pid" ]; then
        kill "$(cat "$PGTEMP/pool/pgbouncer.pid")" 2>/dev/null || true
    fi
    if [ -n "${PGTEMP:-}" ] && [ -f "$PGTEMP/data/postmaster.pid" ]; then
        pgtemp_as_owner pg_ctl -D "$PGTEMP/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
}

pgtemp_cleanup() {
    pgtemp_stop
    if [ -n "${PGTEMP:-}" ] && [ -z "${KEEP_PGTEMP:-}" ]; then
        rm -rf "$PGTEMP"
    fi
}
