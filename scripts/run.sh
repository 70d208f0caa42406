#!/usr/bin/env bash
# Installs what is missing, builds, and starts the proxy with the widget on http://127.0.0.1:8080.
# With no configuration it runs the sandbox: a built-in WhatsApp gateway and CRM with demo data,
# stored under ./data. Options: see README.md (GROUPDESK_* variables, --config FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec build/proxy/groupdesk-proxy "$@"
