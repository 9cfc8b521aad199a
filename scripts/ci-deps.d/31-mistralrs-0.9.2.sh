#!/usr/bin/env bash
# The second real mistral.rs server the real-server tests run against: 0.9.2,
# built once from the vendored source tarball (not in the crate registry).
set -euo pipefail
# Where the tests are told to run one version only (MISTRALRS_TUI_TEST_VERSIONS,
# e.g. on GitHub's runners, which have no vendored tarball), 0.9.2 is not built.
case ",${MISTRALRS_TUI_TEST_VERSIONS:-0.9.2}," in
  *,0.9.2,*) ;;
  *)
    echo "mistral.rs 0.9.2 not built: MISTRALRS_TUI_TEST_VERSIONS=${MISTRALRS_TUI_TEST_VERSIONS}" >&2
    exit 0
    ;;
esac
bash "$(dirname "$0")/../mistralrs-source-server.sh" >/dev/null
