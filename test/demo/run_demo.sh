#!/bin/bash
# run_demo.sh - the main job: screen a manifest against a watchlist on a throwaway cluster.
#
# make demo runs it after installing what is missing and building.  It stages
# this build in a temporary installation, starts a private cluster on a unix
# socket, loads the sample watchlist (UN XML) and flight (PAXLST) the project
# ships (test/fixtures, made-up people), screens the flight, prints the alert
# queue, records a decision, re-screens, reloads the list and re-screens what
# changed.  WATCHLIST=... MANIFEST=... run the same on other files: a UN
# Consolidated List XML and a PAXLST message (UTF-8, else read as Latin-1).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tools/pgtemp.sh"
trap 'pgtemp_cleanup' EXIT

WATCHLIST=${WATCHLIST:-$ROOT/test/fixtures/demo_un_list.xml}
MANIFEST=${MANIFEST:-$ROOT/test/fixtures/demo_flight.paxlst}

echo "demo: watchlist $WATCHLIST, manifest $MANIFEST"
echo "demo: staging the build and starting a throwaway cluster..."
pgtemp_setup "$ROOT"
for f in "$WATCHLIST" "$MANIFEST"; do
    [ -r "$f" ] || { echo "demo: cannot read $f" >&2; exit 1; }
done
cp "$WATCHLIST" "$PGTEMP/watchlist.xml"
cp "$MANIFEST" "$PGTEMP/manifest.edi"
# PAXLST has no encoding declaration; airlines send UTF-8 or Latin-1
if iconv -f UTF-8 -t UTF-8 "$MANIFEST" >/dev/null 2>&1; then ENC=UTF8; else ENC=LATIN1; fi
cp "$ROOT/test/demo/demo.sql" "$PGTEMP/demo.sql"
[ "$(id -u)" -eq 0 ] && chown postgres: "$PGTEMP/watchlist.xml" "$PGTEMP/manifest.edi" "$PGTEMP/demo.sql"
pgtemp_start
pgtemp_as_owner psql -X -q -d postgres -c "CREATE DATABASE demo TEMPLATE template0 ENCODING 'UTF8'"
pgtemp_as_owner psql -X -q -d demo -v watchlist="$PGTEMP/watchlist.xml" -v manifest="$PGTEMP/manifest.edi" -v manifest_encoding="$ENC" \
    -f "$PGTEMP/demo.sql"
echo "demo: done (screening $(pgtemp_as_owner psql -X -At -d demo -c 'SELECT extversion FROM pg_extension WHERE extname = $$screening$$'), ICU $(pgtemp_as_owner psql -X -At -d demo -c 'SELECT screening.icu_version()'))"
