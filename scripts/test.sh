#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: native (GoogleTest through ctest), each
# fuzz target for 15 s from its committed seeds (scripts/fuzz.sh, its own clang build), and the
# browser tests (headless Chromium against the real proxy and widget).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
ctest --test-dir build -j "$(nproc)" --output-on-failure
scripts/fuzz.sh --seconds 15
node --test --test-concurrency=1 tests/browser/
