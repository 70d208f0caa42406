#!/usr/bin/env bash
# A handover of 20,000 records (a quarter of each kind) per CRM against its rate-limited fake on
# the real clock: the requests, their rate as a share of the CRM's documented limit (goal: at
# least 95 %), and the most seen in any sliding second (never above the limit). One line per CRM:
#   handover amocrm records=20000 requests=N seconds=S rate=R share=P% max_in_any_second=M
#   bench/handover/run.sh [--records 20000] [crm ...]     (crm: amocrm, or any handover_<crm>.cpp)
# A CRM joins with its own bench/handover/handover_<crm>.cpp; nothing here changes.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f build/build.ninja ] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build --target groupdesk-handover-bench
exec build/bench/handover/groupdesk-handover-bench "$@"
