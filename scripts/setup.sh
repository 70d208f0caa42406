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
# The version is Debian 13's (trixie): 1.87 and later have the input event queue (io.AddKeyEvent),
# which keeps a press and a release that land inside one frame; Debian 12 has 1.86. Its sources
# come from the machine's own Debian mirror through a private apt list in a temporary folder, so
# the system's apt configuration is left as it is.
imgui_version=1.90.1
imgui_dir=$root/.deps/imgui
imgui_have=$(sed -n 's/^#define IMGUI_VERSION *"\(.*\)"$/\1/p' "$imgui_dir/imgui.h" 2>/dev/null || true)
if [ "$imgui_have" != "$imgui_version" ] || [ ! -f "$imgui_dir/imgui.cpp" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
  [ -n "$mirror" ] || mirror=$(sed -n 's/^deb \(\[[^]]*\] \)\?\([^ ]*\) .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n 1)
  if [ -z "$mirror" ]; then
    echo "setup: no Debian mirror found in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list" >&2
    exit 1
  fi
  printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$mirror" >"$tmp/trixie.sources"
  mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial"
  apt_private=(-o Dir::Etc::sourcelist="$tmp/trixie.sources" -o Dir::Etc::sourceparts=-
               -o Dir::State::Lists="$tmp/lists" -o Dir::Cache="$tmp/cache")
  apt-get "${apt_private[@]}" update -qq
  (cd "$tmp" && apt-get "${apt_private[@]}" source --download-only -qq imgui >/dev/null 2>&1)
  tarball=$(ls "$tmp"/imgui_"$imgui_version"*.orig.tar.* | head -n 1)
  rm -rf "$imgui_dir"
  mkdir -p "$imgui_dir"
  tar -xf "$tarball" -C "$imgui_dir" --strip-components=1
  # Debian's +ds tarball keeps misc/cpp (imgui_stdlib: ImGui::InputText on std::string), which
  # cmake/imgui.cmake compiles; say so at once if a later tarball drops it.
  if [ ! -f "$imgui_dir/misc/cpp/imgui_stdlib.cpp" ]; then
    echo "setup: $(basename "$tarball") has no misc/cpp/imgui_stdlib.cpp" >&2
    exit 1
  fi
  echo "setup: Dear ImGui sources in .deps/imgui ($(basename "$tarball"))"
fi

# IMGUI_DISABLE_DEFAULT_FONT came with Dear ImGui 1.91.6 (https://github.com/ocornut/imgui/pull/8161);
# in 1.90.1 ImFontAtlas::Build still reaches AddFontDefault, so the ProggyClean data (about 9.5 KB of
# the bundle, brotli) ships though the widget always loads its own font. The same guard as upstream's,
# put in at three anchors; the bench's floor, built without the define, keeps the font.
imgui_draw=$imgui_dir/imgui_draw.cpp
if ! grep -q 'IMGUI_DISABLE_DEFAULT_FONT' "$imgui_draw"; then
  sed -i \
    -e '/^ImFont\* ImFontAtlas::AddFontDefault(const ImFontConfig\* font_cfg_template)$/{n;s|^{$|{\n#ifdef IMGUI_DISABLE_DEFAULT_FONT\n    IM_ASSERT(0 \&\& "AddFontDefault() disabled in this build.");\n    IM_UNUSED(font_cfg_template);\n    return NULL;\n#endif|}' \
    -e 's|^static const char proggy_clean_ttf_compressed_data_base85\[11980 + 1\] =$|#ifndef IMGUI_DISABLE_DEFAULT_FONT\n&|' \
    -e 's|^static const char\* GetDefaultCompressedFontDataTTFBase85()$|#else\nstatic const char proggy_clean_ttf_compressed_data_base85[1] = "";\n#endif\n\n&|' \
    "$imgui_draw"
  if [ "$(grep -c 'IMGUI_DISABLE_DEFAULT_FONT' "$imgui_draw")" != 2 ]; then
    echo "setup: $imgui_draw does not look like Dear ImGui $imgui_version's: IMGUI_DISABLE_DEFAULT_FONT not put in" >&2
    exit 1
  fi
fi

# npm tools pinned by package-lock.json (playwright-core drives Debian's chromium). A node_modules
# that is a link to another checkout's is that checkout's to refresh: `npm ci` would empty it.
if [ ! -L node_modules ] && { [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
  npm ci --no-audit --no-fund --loglevel=error
fi
