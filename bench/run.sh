#!/usr/bin/env bash
# Builds what the bench needs and is missing, then measures the widget against the floor.
#   bench/run.sh [--runs 5] [--dpr 1] ...   (arguments go to bench/widget_size_and_start.mjs)
# The floor (bench/floor) is built with emcmake into build/bench-floor; the widget and the proxy by
# the project's own build (scripts/build.sh: cmake --build build) only when they are not there yet.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # Debian's emcc needs node-acorn for optimised links

if [ ! -f .deps/imgui/imgui.cpp ] || [ ! -d node_modules/playwright-core ] ||
   [ ! -x node_modules/google-closure-compiler-linux/compiler ]; then
  scripts/setup.sh   # Dear ImGui's sources, emscripten, chromium, playwright-core, Closure Compiler
fi

if [ ! -f build/bench-floor/build.ninja ]; then
  emcmake cmake -S bench/floor -B build/bench-floor -G Ninja -DGROUPDESK_IMGUI_DIR="$PWD/.deps/imgui"
fi
cmake --build build/bench-floor -j 2

if [ ! -x build/proxy/groupdesk-proxy ] || [ ! -f build/web-dist/index.html ]; then
  scripts/build.sh
fi

exec node bench/widget_size_and_start.mjs "$@"
