#!/usr/bin/env bash
# Chromium for the web host's browser tests (test/e2e/web-*.test.ts), driven by
# playwright-core without a browser download. Idempotent: does nothing when a
# chromium is already there (or MISTRALRS_TUI_TEST_CHROMIUM names one).
# Installs Debian's `chromium` package with apt-get otherwise (as root, or via sudo).
set -euo pipefail

if [ -n "${MISTRALRS_TUI_TEST_CHROMIUM:-}" ] && [ -x "$MISTRALRS_TUI_TEST_CHROMIUM" ]; then exit 0; fi
if [ -x /usr/bin/chromium ] || [ -x /usr/bin/chromium-browser ]; then exit 0; fi

if ! command -v apt-get >/dev/null; then
  echo "50-chromium: chromium not found and apt-get is not available." >&2
  echo "Install Chromium and set MISTRALRS_TUI_TEST_CHROMIUM to its executable." >&2
  exit 1
fi
SUDO=''
if [ "$(id -u)" -ne 0 ]; then SUDO='sudo'; fi
echo "50-chromium: installing Debian's chromium package"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
test -x /usr/bin/chromium
