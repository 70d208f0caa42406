#!/usr/bin/env bash
# CPU time per frame of the participants (1236 members), the card panel (50 people against the
# group) and the groups list (500 groups), each next to a bare ImGui table of the same rows, and
# the frames it takes to type 20 characters into the participants' search. Optimised build.
#   bench/frames/run.sh [--frames 300] [--warmup 30] [--out bench/out]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f build/build.ninja ] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build --target groupdesk-frames-bench
exec build/bench/frames/groupdesk-frames-bench "$@"
