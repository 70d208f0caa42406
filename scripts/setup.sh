#!/usr/bin/env bash
# Installs everything GroupDesk needs on Debian 12 and fetches the sources the build uses.
# Idempotent: a second run only checks and returns in about a second.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

sudo_cmd=()
[ "$(id -u)" = 0 ] || sudo_cmd=(sudo)

# Debian packages: toolchain, libraries, the browser for tests (and jQuery for the fake amoCRM
# card it runs the widget archive in), tools for the font and bundle, clang's libFuzzer for the
# fuzz targets (scripts/fuzz.sh).
packages=(
  build-essential cmake ninja-build pkg-config clang libfuzzer-14-dev
  emscripten node-acorn
  libcpp-httplib-dev nlohmann-json3-dev libsqlite3-dev libssl-dev libphonenumber-dev libjwt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium libjs-jquery fonts-roboto-unhinted fonttools brotli gzip xz-utils dpkg-dev
  binaryen wabt
  wrk nginx-light
)
missing=()
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
apt_updated=0
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  apt_updated=1
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Dear ImGui: Debian's -dev package has no .cpp files, so take the source package (never committed).
imgui_dir=$root/.deps/imgui
if [ ! -f "$imgui_dir/imgui.cpp" ]; then
  src_list=/etc/apt/sources.list.d/groupdesk-deb-src.sources
  if ! grep -rqs "deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    # Same mirrors the machine already uses, for source packages.
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | "${sudo_cmd[@]}" tee "$src_list" >/dev/null
    apt_updated=0
  fi
  [ $apt_updated = 1 ] || "${sudo_cmd[@]}" apt-get update -qq
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get source --download-only -qq imgui >/dev/null 2>&1)
  tarball=$(ls "$tmp"/imgui_*.orig.tar.* | head -n 1)
  mkdir -p "$imgui_dir"
  tar -xf "$tarball" -C "$imgui_dir" --strip-components=1
  rm -rf "$tmp"
  echo "setup: Dear ImGui sources in .deps/imgui ($(basename "$tarball"))"
fi

# npm tools pinned by package-lock.json (playwright-core drives Debian's chromium).
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
