#!/usr/bin/env bash
# Installs what the test suite needs beyond npm packages, so that `npm test` works on a fresh machine:
# Debian's chromium (HTML report test), redis-server (cross-process fan-out tests) and k6 (load tests).
# Each step is skipped when its tool is already there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
  echo "setup: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian enables and starts redis-server on install; the tests start their own on a free port.
  { systemctl disable --now redis-server 2>/dev/null || service redis-server stop 2>/dev/null; } >/dev/null || true
fi

bash tools/install-k6.sh
