#!/usr/bin/env bash
# Installs node-llama-cpp for the embedded backend into a cache folder outside
# the project (default ~/.cache/mistralrs-tui/embedded), CPU build only: about
# 85 MB instead of the ~725 MB a plain `npm install node-llama-cpp` adds with
# its CUDA and Vulkan binaries. The TUI finds it there with import().
#   MISTRALRS_TUI_EMBEDDED_DIR   where to install
#   NODE_LLAMA_CPP_VERSION       default 3.22.1
# For an NVIDIA GPU, add the CUDA binaries afterwards:
#   npm install --prefix "$DIR" @node-llama-cpp/linux-x64-cuda@$NODE_LLAMA_CPP_VERSION
set -euo pipefail
VERSION="${NODE_LLAMA_CPP_VERSION:-3.22.1}"
DIR="${MISTRALRS_TUI_EMBEDDED_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mistralrs-tui/embedded}"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) PLATFORM=linux-x64 ;;
  Linux-aarch64) PLATFORM=linux-arm64 ;;
  Darwin-arm64) PLATFORM=mac-arm64-metal ;;
  Darwin-x86_64) PLATFORM=mac-x64 ;;
  *) echo "no prebuilt node-llama-cpp binary known for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac

if [ -f "$DIR/node_modules/node-llama-cpp/package.json" ] &&
  grep -q "\"version\": \"$VERSION\"" "$DIR/node_modules/node-llama-cpp/package.json"; then
  echo "node-llama-cpp $VERSION present in $DIR" >&2
  exit 0
fi
mkdir -p "$DIR"
[ -f "$DIR/package.json" ] || echo '{"name":"mistralrs-tui-embedded","private":true}' >"$DIR/package.json"
echo "installing node-llama-cpp $VERSION ($PLATFORM, CPU) into $DIR ..." >&2
npm install --prefix "$DIR" --omit=optional --no-audit --no-fund \
  "node-llama-cpp@$VERSION" "@node-llama-cpp/$PLATFORM@$VERSION" >&2
echo "node-llama-cpp ready: $(du -sh "$DIR" | cut -f1) in $DIR" >&2
