#!/usr/bin/env bash
# Builds interop/bin/yomo-peer. Usage: interop/build.sh [--test]  (--test also runs the Go tests first)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
if [ "${1:-}" = "--test" ]; then
  "$INTEROP_DIR/test.sh"
fi
mkdir -p "$INTEROP_DIR/bin"
go build -o "$INTEROP_DIR/bin/yomo-peer" yomopeer/cmd/yomo-peer
echo "built $INTEROP_DIR/bin/yomo-peer"
