#!/usr/bin/env bash
# Each connector's pacing as its fake upstream sees arrivals, over a longer run than the test's
# 3 s: per connector its limit, the most requests seen in any sliding second, and the average rate
# as a share of the limit (tests/connectors/pacing_conformance_test.cpp prints the lines).
#   bench/pacing/run.sh [--seconds 30]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=30
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    *) echo "usage: bench/pacing/run.sh [--seconds N]" >&2; exit 2 ;;
  esac
done
[ -f build/build.ninja ] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build --target groupdesk_connector_tests
# A bench reports numbers and never fails on one: a case over its limit shows as FAILED below.
GROUPDESK_PACING_SECONDS="$seconds" build/tests/groupdesk_connector_tests \
  --gtest_filter='Connectors/UpstreamPacing.*' | grep -E '^pacing |^\[  (PASSED|FAILED)' || true
