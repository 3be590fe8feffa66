#!/usr/bin/env bash
# Runs gofmt/vet, the Go unit tests (Y3/frame/msgpack vectors) and the in-process source/zipper/sfn tests.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
unformatted="$(gofmt -l "$INTEROP_DIR/src")"
if [ -n "$unformatted" ]; then
  echo "interop: gofmt needed for: $unformatted" >&2
  exit 1
fi
go vet yomopeer/...
go test -count=1 "$@" yomopeer/...
