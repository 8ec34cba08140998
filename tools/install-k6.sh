#!/usr/bin/env bash
# Builds the pinned k6 from source with Go into <repo>/.tools/bin/k6.
# Skips the build when .tools/bin/k6 already reports the pinned version.
# Only the Go module proxy is needed (no GitHub release downloads).
set -euo pipefail

K6_VERSION="${K6_VERSION:-v1.8.1}"   # pinned: >= v1.6 (stable k6/websockets), latest on the module proxy
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN_DIR="$REPO_ROOT/.tools/bin"
K6="$BIN_DIR/k6"

GO="${GO:-}"
if [[ -z "$GO" ]]; then
  if command -v go >/dev/null 2>&1; then GO="$(command -v go)";
  elif [[ -x /usr/local/go/bin/go ]]; then GO=/usr/local/go/bin/go;
  else echo "install-k6: Go toolchain not found (looked on PATH and /usr/local/go/bin/go)" >&2; exit 2; fi
fi

if [[ -x "$K6" ]]; then
  have="$("$K6" version 2>/dev/null | head -n1 || true)"
  if [[ "$have" == *"k6 ${K6_VERSION} "* || "$have" == *"k6 ${K6_VERSION}" ]]; then
    echo "install-k6: $K6 already at ${K6_VERSION} ($have); nothing to do"
    exit 0
  fi
  echo "install-k6: $K6 reports '${have:-nothing}', rebuilding ${K6_VERSION}"
fi

mkdir -p "$BIN_DIR"
echo "install-k6: building go.k6.io/k6@${K6_VERSION} with $("$GO" version) into $BIN_DIR (takes a few minutes)"
start=$(date +%s)
GOBIN="$BIN_DIR" CGO_ENABLED=0 "$GO" install -trimpath "go.k6.io/k6@${K6_VERSION}"
echo "install-k6: built in $(( $(date +%s) - start ))s: $("$K6" version | head -n1)"
