#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) in their own clang tree, build-fuzz/, and runs each
# for a fixed time from its committed seeds. Exits non-zero when any target finds a crash, a
# sanitizer report, a leak or a hang; the input that did it is kept in build-fuzz/findings/<target>/.
#
#   scripts/fuzz.sh [--seconds 15] [--work DIR] [TARGET...]
#
#   --seconds N  how long each target runs (scripts/test.sh: 15; bench/fuzz: an hour)
#   --work DIR   keep what the fuzzer learns in DIR/<target>/ and start from it next time; without
#                it the new inputs go to a temporary folder removed at the end
#   TARGET       api_body, config_file, ... (default: every target built)
#
# The committed seeds in tests/fuzz/corpus/<target>/ are only read: libFuzzer writes new inputs to
# the first corpus folder it is given, which is always the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=15
work=""
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "fuzz: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done

build=$root/build-fuzz
if [ ! -f "$build/build.ninja" ]; then
  launcher=()
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
    -DCMAKE_CXX_COMPILER=clang++ -DGROUPDESK_FUZZ=ON "${launcher[@]}" >/dev/null
fi
cmake --build "$build" --target groupdesk_fuzzers -j "$(nproc)"

if [ ${#targets[@]} -eq 0 ]; then
  for binary in "$build"/tests/fuzz/fuzz_*; do targets+=("$(basename "$binary" | sed 's/^fuzz_//')"); done
fi

scratch=""
if [ -z "$work" ]; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  work=$scratch
fi

# Every sanitizer report is fatal and names its stack; leaks count as crashes.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

stat() { sed -n "s/^stat::$1: *//p" "$2" | tail -n 1; }

failed=()
printf '%-22s %8s %12s %10s %8s %9s  %s\n' target seconds executions "exec/s" "new" "rss MB" result
for target in "${targets[@]}"; do
  binary=$build/tests/fuzz/fuzz_$target
  seeds=$root/tests/fuzz/corpus/$target
  [ -x "$binary" ] || { echo "fuzz: no target $target (built: $(ls "$build"/tests/fuzz | grep '^fuzz_' | tr '\n' ' '))" >&2; exit 2; }
  [ -d "$seeds" ] || { echo "fuzz: $target has no seeds in tests/fuzz/corpus/$target" >&2; exit 2; }
  findings=$build/findings/$target
  mkdir -p "$work/$target" "$findings"
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
           -artifact_prefix="$findings/")
  dict=$root/tests/fuzz/dict/$target.dict
  [ -f "$dict" ] && options+=(-dict="$dict")
  log=$findings/last-run.log
  result=ok
  if ! "$binary" "${options[@]}" "$work/$target" "$seeds" >"$log" 2>&1; then
    result="FAILED: $(grep -m 1 -E '^==[0-9]+==ERROR|^SUMMARY|runtime error|deadly signal|timeout|out-of-memory|error' "$log" | cut -c 1-120 || true)"
    failed+=("$target")
  fi
  printf '%-22s %8s %12s %10s %8s %9s  %s\n' "$target" "$seconds" "$(stat number_of_executed_units "$log")" \
    "$(stat average_exec_per_sec "$log")" "$(stat new_units_added "$log")" "$(stat peak_rss_mb "$log")" "$result"
done

if [ ${#failed[@]} -gt 0 ]; then
  for target in "${failed[@]}"; do
    echo
    echo "== $target: build-fuzz/findings/$target/last-run.log; replay with build-fuzz/tests/fuzz/fuzz_$target <file>"
    grep -E -A 24 '^==[0-9]+==ERROR|runtime error|ALARM|out-of-memory' "$build/findings/$target/last-run.log" |
      grep -v -E 'in fuzzer::|libc.so|libstdc\+\+.so|__sanitizer|_start' | head -n 24 | cut -c 1-200
    ls "$build/findings/$target" | grep -v last-run.log | sed "s|^|   build-fuzz/findings/$target/|"
  done
  exit 1
fi
