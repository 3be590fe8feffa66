#!/usr/bin/env bash
# Builds bin/yomo (the real YoMo CLI, whose `yomo serve` is the zipper) and bin/real-yomo-peer
# (main.go: a source and a stream function on YoMo's Go SDK) for RealYomoIT. Needs the tree
# bootstrap-yomo.sh makes (YOMO_BUILD, default /work/yomo-build).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
B="${YOMO_BUILD:-/work/yomo-build}"
if [ ! -x "$B/bin/yomo" ] || [ ! -f "$B/app/go.mod" ]; then
  echo "no YoMo build in $B: run bootstrap-yomo.sh first (see its header)" >&2
  exit 127
fi
export GOROOT=$B/go124/usr/lib/go-1.24 PATH=$B/go124/usr/lib/go-1.24/bin:$PATH
export GOTOOLCHAIN=local GOPROXY=off GOSUMDB=off GOFLAGS=-mod=mod GOPATH=$B/gopath GOCACHE=$B/gocache CGO_ENABLED=0
mkdir -p "$B/app/cmd/real-yomo-peer" "$here/bin"
cp "$here/main.go" "$B/app/cmd/real-yomo-peer/main.go"
(cd "$B/app" && go build -p 1 -o "$here/bin/real-yomo-peer" ./cmd/real-yomo-peer)
cp "$B/bin/yomo" "$here/bin/yomo"
"$here/bin/yomo" version
