#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: native (GoogleTest through ctest) and
# the browser tests (headless Chromium against the real proxy and widget).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
ctest --test-dir build -j "$(nproc)" --output-on-failure
node --test --test-concurrency=1 tests/browser/
