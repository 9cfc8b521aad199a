#!/usr/bin/env bash
# The second real mistral.rs server the real-server tests run against: 0.9.2,
# built once from the vendored source tarball (not in the crate registry).
set -euo pipefail
bash "$(dirname "$0")/../mistralrs-source-server.sh" >/dev/null
