#!/usr/bin/env bash
# Builds a mistral.rs server that is not in the crate registry (0.9.2) from a
# vendored source tarball (../shared/vendor/mistralrs-VERSION/, see its
# README), once, into a cache outside the repository, and reuses it afterwards.
# Prints the binary's path on the last line.
#   MISTRALRS_SRC_VERSION  (default 0.9.2)
#   MISTRALRS_SRC_TARBALL  (default: mistralrs-VERSION-src.tar.gz in the
#                           shared/vendor/mistralrs-VERSION/ folder beside or
#                           above the repository)
#   MISTRALRS_TUI_CACHE    (default ~/.cache/mistralrs-tui)
# Layout: $ROOT/src/{mistral.rs,candle} (the unpacked tarball), the cargo build
# in $ROOT/src/mistral.rs/target/release/mistralrs, linked to $ROOT/bin/mistralrs.
# A build that is already there (from an earlier run) is only linked, never
# rebuilt. A fresh build takes about 17 minutes on 2 idle cores (an hour on a
# loaded machine); progress goes to stderr and cargo's log to $ROOT/src/build.log.
set -euo pipefail

VERSION="${MISTRALRS_SRC_VERSION:-0.9.2}"
# The tarball's sha256, as its README states; a tarball for another version
# must come with its own (MISTRALRS_SRC_SHA256).
case "$VERSION" in
  0.9.2) SHA_DEFAULT=e643749961076a513b8b044fec1d56247c2611a3c3463953c3bd9c0339f95099 ;;
  *) SHA_DEFAULT="" ;;
esac
SHA256="${MISTRALRS_SRC_SHA256:-$SHA_DEFAULT}"
CACHE="${MISTRALRS_TUI_CACHE:-$HOME/.cache/mistralrs-tui}"
ROOT="$CACHE/mistralrs-$VERSION"
SRC="$ROOT/src"
BUILT="$SRC/mistral.rs/target/release/mistralrs"
BIN="$ROOT/bin/mistralrs"

works() { [ -x "$1" ] && "$1" --version >/dev/null 2>&1; }

link_bin() {
  mkdir -p "$ROOT/bin"
  # A hard link costs no space (the binary is ~100 MB); a copy where links fail.
  ln -f "$BUILT" "$BIN" 2>/dev/null || cp -f "$BUILT" "$BIN"
}

if works "$BIN"; then
  echo "mistral.rs $VERSION present: $BIN" >&2
  echo "$BIN"
  exit 0
fi

mkdir -p "$ROOT"
# One build at a time, even if two test runs start together.
exec 9>"$ROOT/.lock"
flock 9

if works "$BUILT"; then
  link_bin
  echo "mistral.rs $VERSION already built: linked $BUILT to $BIN" >&2
  echo "$BIN"
  exit 0
fi

HERE="$(cd "$(dirname "$0")/.." && pwd)"
TARBALL="${MISTRALRS_SRC_TARBALL:-}"
if [ -z "$TARBALL" ]; then
  for base in "$HERE/.." "$HERE/../.."; do
    cand="$base/shared/vendor/mistralrs-$VERSION/mistralrs-$VERSION-src.tar.gz"
    if [ -f "$cand" ]; then
      TARBALL="$cand"
      break
    fi
  done
fi
if [ -z "$TARBALL" ] || [ ! -f "$TARBALL" ]; then
  echo "no source tarball for mistral.rs $VERSION: set MISTRALRS_SRC_TARBALL to mistralrs-$VERSION-src.tar.gz (looked in shared/vendor/mistralrs-$VERSION/ beside and above $HERE)" >&2
  exit 1
fi
if [ -z "$SHA256" ]; then
  echo "no sha256 known for mistral.rs $VERSION's tarball: set MISTRALRS_SRC_SHA256" >&2
  exit 1
fi
GOT=$(sha256sum "$TARBALL" | cut -d' ' -f1)
if [ "$GOT" != "$SHA256" ]; then
  echo "$TARBALL has sha256 $GOT, expected $SHA256: the tarball is damaged or another one; fetch it again" >&2
  exit 1
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is not installed: install Rust (rustup) first, then run $0 again" >&2
  exit 1
fi

if [ ! -f "$SRC/mistral.rs/Cargo.toml" ]; then
  rm -rf "$SRC"
  mkdir -p "$SRC"
  tar -xzf "$TARBALL" -C "$SRC"
fi

LOG="$SRC/build.log"
echo "building mistral.rs $VERSION from $TARBALL (cargo build --release --locked -p mistralrs-cli); about 17 minutes on 2 idle cores, once" >&2
START=$(date +%s)
(cd "$SRC/mistral.rs" && exec cargo build --release --locked -p mistralrs-cli) >"$LOG" 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true' INT TERM
while kill -0 "$PID" 2>/dev/null; do
  sleep 30
  N=$(grep -c 'Compiling' "$LOG" || true)
  echo "  ... $(( ($(date +%s) - START) / 60 )) min, $N crates compiled" >&2
done
if ! wait "$PID" || ! works "$BUILT"; then
  echo "the mistral.rs $VERSION build failed; last lines of $LOG:" >&2
  tail -n 20 "$LOG" >&2
  exit 1
fi
link_bin
echo "built mistral.rs $VERSION in $(( ($(date +%s) - START) / 60 )) min: $BIN" >&2
echo "$BIN"
