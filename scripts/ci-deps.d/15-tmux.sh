#!/usr/bin/env bash
# tmux 3.3+ for the graphics test in real tmux (test/graphics/tmux.test.ts):
# Debian's package, installed with apt-get when tmux is missing or older.
set -euo pipefail
if command -v tmux >/dev/null; then
  v="$(tmux -V | sed -E 's/[^0-9]*([0-9]+)\.([0-9]+).*/\1 \2/')"
  read -r major minor <<<"$v"
  if [ "$major" -gt 3 ] || { [ "$major" -eq 3 ] && [ "$minor" -ge 3 ]; }; then exit 0; fi
fi
if ! command -v apt-get >/dev/null; then
  echo "ci-deps: tmux 3.3+ not found and apt-get is not available; the real-tmux test will be skipped." >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends tmux >/dev/null
tmux -V
