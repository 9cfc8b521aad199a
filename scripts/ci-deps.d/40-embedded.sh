#!/usr/bin/env bash
# node-llama-cpp (CPU build) for the embedded-backend tests, outside the project.
set -euo pipefail
bash "$(dirname "$0")/../install-embedded.sh"
