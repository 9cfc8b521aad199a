#!/usr/bin/env bash
# Builds the real mistral.rs server (mistralrs-cli, CPU build, default
# features) once into a cache outside the repository, keyed by version, and
# reuses it afterwards. Prints the binary's path on the last line.
#   MISTRALRS_VERSION   (default 0.8.1, what the tests run against)
#   MISTRALRS_TUI_CACHE (default ~/.cache/mistralrs-tui)
# A build takes about 15 minutes on 2 cores; progress goes to stderr and the
# full cargo log to $ROOT/build.log.
set -euo pipefail

VERSION="${MISTRALRS_VERSION:-0.8.1}"
CACHE="${MISTRALRS_TUI_CACHE:-$HOME/.cache/mistralrs-tui}"
ROOT="$CACHE/mistralrs-$VERSION"
BIN="$ROOT/bin/mistralrs"

if [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1; then
  echo "mistral.rs $VERSION present: $BIN" >&2
  echo "$BIN"
  exit 0
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is not installed: install Rust (rustup) first, then run $0 again" >&2
  exit 1
fi

mkdir -p "$ROOT"
LOG="$ROOT/build.log"
# One build at a time, even if two test runs start together.
exec 9>"$ROOT/.lock"
flock 9
if [ -x "$BIN" ]; then
  echo "$BIN"
  exit 0
fi

echo "building mistral.rs $VERSION (cargo install mistralrs-cli --locked); this takes about 15 minutes on 2 cores, once" >&2
START=$(date +%s)
cargo install mistralrs-cli --version "$VERSION" --locked --root "$ROOT" >"$LOG" 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true' INT TERM
while kill -0 "$PID" 2>/dev/null; do
  sleep 30
  N=$(grep -c 'Compiling' "$LOG" || true)
  echo "  ... $(( ($(date +%s) - START) / 60 )) min, $N crates compiled" >&2
done
if ! wait "$PID"; then
  echo "the mistral.rs build failed; last lines of $LOG:" >&2
  tail -n 20 "$LOG" >&2
  exit 1
fi
echo "built mistral.rs $VERSION in $(( ($(date +%s) - START) / 60 )) min: $BIN" >&2
echo "$BIN"
