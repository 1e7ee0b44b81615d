#!/bin/bash
# run_demo.sh - the main job: screen a manifest against a watchlist on a throwaway cluster.
#
# make demo runs it after installing what is missing and building.  It stages
# this build in a temporary installation, starts a private cluster on a unix
# socket, loads the sample watchlist and manifest the project ships
# (test/fixtures, made-up people), screens the manifest and prints the hits.
# WATCHLIST=... MANIFEST=... point it at other CSV files with the same columns.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tools/pgtemp.sh"
trap 'pgtemp_cleanup' EXIT

WATCHLIST=${WATCHLIST:-$ROOT/test/fixtures/demo_watchlist.csv}
MANIFEST=${MANIFEST:-$ROOT/test/fixtures/demo_manifest.csv}

echo "demo: staging the build and starting a throwaway cluster..."
pgtemp_setup "$ROOT"
cp "$WATCHLIST" "$PGTEMP/watchlist.csv"
cp "$MANIFEST" "$PGTEMP/manifest.csv"
cp "$ROOT/test/demo/demo.sql" "$PGTEMP/demo.sql"
[ "$(id -u)" -eq 0 ] && chown postgres: "$PGTEMP"/*.csv "$PGTEMP/demo.sql"
pgtemp_start
pgtemp_as_owner psql -X -q -d postgres -c "CREATE DATABASE demo TEMPLATE template0 ENCODING 'UTF8'"
pgtemp_as_owner psql -X -q -d demo -v watchlist="$PGTEMP/watchlist.csv" -v manifest="$PGTEMP/manifest.csv" \
    -f "$PGTEMP/demo.sql"
echo "demo: done (screening $(pgtemp_as_owner psql -X -At -d demo -c 'SELECT extversion FROM pg_extension WHERE extname = $$screening$$'), ICU $(pgtemp_as_owner psql -X -At -d demo -c 'SELECT screening.icu_version()'))"
