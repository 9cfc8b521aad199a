#!/usr/bin/env bash
# PostgreSQL server binaries for the session store's PostgreSQL tests.
set -euo pipefail
bash "$(dirname "$0")/../ensure-postgres.sh"
