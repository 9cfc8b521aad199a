#!/usr/bin/env bash
# The real mistral.rs server the backend, launcher and `ask` tests run against
# (built once into the cache; about 15 minutes the first time).
set -euo pipefail
bash "$(dirname "$0")/../mistralrs-server.sh" >/dev/null
