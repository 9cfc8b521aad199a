#!/usr/bin/env bash
# The test model (SmolLM2-135M-Instruct Q4_1 GGUF) for the inventory and server tests.
set -euo pipefail
bash "$(dirname "$0")/../fetch-test-model.sh"
