#!/usr/bin/env bash
# A leaver's 20,000 records handed over on Bitrix24 against the fake portal's leaky bucket (50
# requests, draining 2 a second), on the real clock: about 3.5 minutes. Prints
#   handover bitrix24 records=20000 requests=N seconds=S rate=R share=P% max_in_any_second=M
# (how each number is counted: bench/handover/bitrix24_handover.cpp).
#   bench/handover/bitrix24.sh [--records N]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f build/build.ninja ] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build --target groupdesk-bench-handover-bitrix24
build/bench/handover/groupdesk-bench-handover-bitrix24 "$@"
