#!/usr/bin/env bash
# Installs what the tests need beyond npm packages (system packages, the test
# model, the mistral.rs server). Each part is an idempotent script in
# scripts/ci-deps.d/, run in name order. `.ci/run` calls this before the tests;
# run it by hand once on a new development machine.
set -euo pipefail
cd "$(dirname "$0")/.."
for part in scripts/ci-deps.d/*.sh; do
  [ -e "$part" ] || continue
  echo "ci-deps: $(basename "$part")"
  bash "$part"
done
