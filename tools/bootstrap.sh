#!/bin/sh
# bootstrap.sh - install what building and testing screening needs, and only that.
#
# On a machine that already has every package this does nothing and needs no
# root (EXTRA_PACKAGES adds some: make valgrind needs valgrind).  Otherwise it runs apt-get (as root, or through sudo) with an
# 'apt-get update' first, because a fresh Debian 12 image has empty lists.
set -eu

PGVER=${PGVER:-15}
PACKAGES="
  postgresql-$PGVER
  postgresql-contrib
  postgresql-server-dev-$PGVER
  postgresql-$PGVER-pgtap
  libtap-parser-sourcehandler-pgtap-perl
  libipc-run-perl
  libicu-dev
  gcc
  make
  perl
  cppcheck
  clang
  libclang-rt-14-dev
  procps
  ${EXTRA_PACKAGES:-}
"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

echo "bootstrap: installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "bootstrap: missing packages:$missing" >&2
    echo "bootstrap: run as root or install sudo, or install them yourself." >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
