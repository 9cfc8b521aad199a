#!/usr/bin/env bash
# Makes sure PostgreSQL's server binaries (initdb, pg_ctl) are installed, for
# the session store's PostgreSQL tests, which start their own throw-away
# server. Idempotent: does nothing when initdb is already there. Installs
# Debian's `postgresql` package with apt-get otherwise (as root, or via sudo).
set -euo pipefail

if [ -n "${MISTRALRS_TUI_PG_BINDIR:-}" ] && [ -x "$MISTRALRS_TUI_PG_BINDIR/initdb" ]; then exit 0; fi
if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null; then
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "ensure-postgres: initdb not found and apt-get is not available." >&2
  echo "Install the PostgreSQL server (initdb, pg_ctl) and set MISTRALRS_TUI_PG_BINDIR to its bin folder." >&2
  exit 1
fi
SUDO=''
if [ "$(id -u)" -ne 0 ]; then SUDO='sudo'; fi
echo "ensure-postgres: installing Debian's postgresql package"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
