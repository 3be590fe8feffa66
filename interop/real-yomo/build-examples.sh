#!/usr/bin/env bash
# Builds YoMo v1.18.10's own examples, unmodified, for RealYomoExamplesIT (bin/examples/<example>-<program>).
# Same environment as build.sh: the tree bootstrap-yomo.sh makes (YOMO_BUILD, default /work/yomo-build),
# whose app module replaces github.com/yomorun/yomo with $B/src/yomo (the v1.18.10 source). Only the
# examples inside yomo's own module are built here (those with their own go.mod, 2-iopipe and 9-cli's,
# pin other module versions); 7-wasm's sfn is the sfn.wasm shipped in the tree, run by `yomo run`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
B="${YOMO_BUILD:-/work/yomo-build}"
if [ ! -f "$B/app/go.mod" ] || [ ! -d "$B/src/yomo/example" ]; then
  echo "no YoMo build in $B: run bootstrap-yomo.sh first (see its header)" >&2
  exit 127
fi
export GOROOT=$B/go124/usr/lib/go-1.24 PATH=$B/go124/usr/lib/go-1.24/bin:$PATH
export GOTOOLCHAIN=local GOPROXY=off GOSUMDB=off GOFLAGS=-mod=mod GOPATH=$B/gopath GOCACHE=$B/gocache CGO_ENABLED=0
out="$here/bin/examples"
mkdir -p "$out"
# <binary name> <package under github.com/yomorun/yomo/example>
progs=(
  "0-basic-source 0-basic/source"
  "0-basic-sfn 0-basic/sfn"
  "3-multi-sfn-source 3-multi-sfn/source"
  "3-multi-sfn-fn-1 3-multi-sfn/stream-fn-1"
  "3-multi-sfn-fn-2 3-multi-sfn/stream-fn-2"
  "3-multi-sfn-fn-3 3-multi-sfn/stream-fn-3"
  "3-multi-sfn-fn-4 3-multi-sfn/stream-fn-4"
  "a-target-and-cron-sfn-1-executor a-target-and-cron/sfn-1-executor"
  "a-target-and-cron-sfn-2-sink a-target-and-cron/sfn-2-sink"
  "uppercase-source uppercase/source"
  "4-cascading-zipper-source 4-cascading-zipper/source"
  "4-cascading-zipper-sfn 4-cascading-zipper/sfn"
  "5-backflow-source 5-backflow/source"
  "5-backflow-sfn-1 5-backflow/sfn-1"
  "5-backflow-sfn-2 5-backflow/sfn-2"
  "6-mesh-source 6-mesh/source"
  # 6-mesh/stream-fn is not built: it imports yomo's rx package, which needs
  # github.com/reactivex/rxgo/v2 v2.5.0, a module bootstrap-yomo.sh does not fetch (yomo's CLI
  # does not use it) and no mirror holds here.
  "6-mesh-stream-fn-db 6-mesh/stream-fn-db"
)
only="${1:-}"
for p in "${progs[@]}"; do
  set -- $p
  [ -n "$only" ] && [[ "$1" != $only* ]] && continue
  (cd "$B/app" && go build -p 1 -o "$out/$1" "github.com/yomorun/yomo/example/$2")
  echo "built $out/$1"
done
mkdir -p "$out/7-wasm"
cp "$B/src/yomo/example/7-wasm/sfn/sfn.wasm" "$B/src/yomo/example/7-wasm/sfn/.env" "$out/7-wasm/"
cp "$B/src/yomo/example/config.yaml" "$out/config.yaml"
mkdir -p "$out/4-cascading-zipper"
cp "$B/src/yomo/example/4-cascading-zipper/"zipper_*.yaml "$out/4-cascading-zipper/"
for r in us eu; do
  mkdir -p "$out/6-mesh/$r"
  cp "$B/src/yomo/example/6-mesh/$r/"*.yaml "$out/6-mesh/$r/"
done
