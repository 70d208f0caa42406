#!/usr/bin/env bash
# The proxy's front on reused connections against nginx serving a file of the same size (wrk).
#   bench/proxy/run.sh [--seconds 5] [--rounds 3] [--connections 1,32] [--before OLD_PROXY_BINARY]
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null && [ -x /usr/sbin/nginx ] || scripts/setup.sh
[ -x build/proxy/groupdesk-proxy ] && [ -f build/web-dist/index.html ] || scripts/build.sh
exec node bench/proxy/front_throughput.mjs "$@"
