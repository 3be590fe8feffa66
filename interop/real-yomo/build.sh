#!/usr/bin/env bash
# Builds bin/yomo (the real YoMo CLI, whose `yomo serve` is the zipper) and bin/real-yomo-peer
# (main.go: a source and a stream function on YoMo's Go SDK) for RealYomoIT. Needs the tree
# bootstrap-yomo.sh makes (YOMO_BUILD, default /work/yomo-build).
#
#   build.sh [OUT]    # OUT defaults to bin/ next to this script, where the real-yomo profile looks
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
B="${YOMO_BUILD:-/work/yomo-build}"
out="${1:-$here/bin}"
if [ ! -x "$B/bin/yomo" ] || [ ! -f "$B/app/go.mod" ] || [ ! -x "$B/go124/usr/lib/go-1.24/bin/go" ]; then
  echo "build.sh: no complete YoMo build in $B (bin/yomo, app/go.mod, go124): run bootstrap-yomo.sh first (YOMO_BUILD=$B)" >&2
  exit 127
fi
export GOROOT=$B/go124/usr/lib/go-1.24 PATH=$B/go124/usr/lib/go-1.24/bin:$PATH
export GOTOOLCHAIN=local GOPROXY=off GOSUMDB=off GOFLAGS=-mod=mod GOPATH=$B/gopath GOCACHE=$B/gocache CGO_ENABLED=0
mkdir -p "$B/app/cmd/real-yomo-peer" "$out"
out="$(cd "$out" && pwd)"
cp "$here/main.go" "$B/app/cmd/real-yomo-peer/main.go"
(cd "$B/app" && go build -p 1 -o "$out/real-yomo-peer" ./cmd/real-yomo-peer)
cp "$B/bin/yomo" "$out/yomo"
"$out/yomo" version
echo "build.sh: $out/yomo and $out/real-yomo-peer built"
