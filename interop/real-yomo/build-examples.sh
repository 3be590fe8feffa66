#!/usr/bin/env bash
# Builds YoMo v1.18.10's own examples, unmodified, for RealYomoExamplesIT (bin/examples/<example>-<program>).
# Same environment as build.sh: the tree bootstrap-yomo.sh makes (YOMO_BUILD, default /work/yomo-build),
# whose app module replaces github.com/yomorun/yomo with $B/src/yomo (the v1.18.10 source). Only the
# examples inside yomo's own module are built in the app module; 7-wasm's sfn is the sfn.wasm shipped in
# the tree, run by `yomo run`.
#
# 1-pipeline, 2-iopipe and 9-cli are separate Go modules (own go.mod, `replace github.com/yomorun/yomo =>
# ../../`). Their stream functions are meant for `yomo build` (TinyGo -> Wasm); there is no TinyGo here,
# so RealYomoExamplesIT runs them with `yomo run -m go.mod <fn>.go`, the CLI's native path for a .go
# function (cli/serverless/golang: generated main, `go mod tidy`, `go build`). For that this script
# writes, per module, bin/examples/<example>/go.mod: the example's go.mod with its relative replace of
# yomo made absolute (as the CLI itself does with -m), plus the replace directives of $B/app/go.mod
# (there is no module proxy: yomo's dependencies are directories) and stub modules for graph-only
# modules; copies
# the function source (and 9-cli's sfn/.env) next to it; builds the sources with `go build -modfile`;
# puts the modules 9-cli's function needs beyond yomo's (github.com/tidwall/gjson and co) into the Go
# module cache from Debian's packages; and writes bin/examples/yomo-go, yomo's CLI with this Go
# environment.
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

# ---- the separate modules: 1-pipeline, 2-iopipe, 9-cli (see the header)
E="$B/src/yomo/example"
# 9-cli's function imports github.com/tidwall/gjson v1.14.4 (+ match v1.1.1, pretty v1.2.0), which
# bootstrap-yomo.sh does not fetch. Served from Debian's packages (bookworm: gjson 1.14.4, match
# 1.1.1, pretty 1.0.5) through a file GOPROXY into the module cache, at the versions gjson's go.mod
# pins: pretty's 1.0.5 tree is served as v1.2.0 (gjson 1.14.4 uses Pretty, PrettyOptions, Ugly,
# DefaultOptions, all in 1.0.5; Debian builds its gjson 1.14.4 against that pretty). gjson's and
# match's go.mod hash as in 9-cli/sfn/go.sum; their zips' do not (Debian ships only the .go files and
# go.mod), which does not matter: `yomo run -m` copies go.mod only, not go.sum.
tidmods="github.com/tidwall/gjson|v1.14.4|golang-github-tidwall-gjson-dev
github.com/tidwall/match|v1.1.1|golang-github-tidwall-match-dev
github.com/tidwall/pretty|v1.2.0|golang-github-tidwall-pretty-dev"
need=()
while IFS='|' read -r mod v pkg; do
  [ -f "$GOPATH/pkg/mod/cache/download/$mod/@v/$v.zip" ] || need+=("$mod|$v|$pkg")
done <<<"$tidmods"
if [ ${#need[@]} -gt 0 ]; then
  deb="$B/dl/deb"
  mkdir -p "$deb"
  srcs=()
  for n in "${need[@]}"; do
    IFS='|' read -r mod v pkg <<<"$n"
    s="/usr/share/gocode/src/$mod"
    if [ ! -f "$s/${mod##*/}.go" ]; then
      s="$deb/x/usr/share/gocode/src/$mod"
      if [ ! -f "$s/${mod##*/}.go" ]; then
        (cd "$deb" && ls ${pkg}_*.deb >/dev/null 2>&1 || apt-get download "$pkg" >/dev/null 2>&1) &&
          for f in "$deb"/${pkg}_*.deb; do dpkg -x "$f" "$deb/x"; done
      fi
    fi
    [ -f "$s/${mod##*/}.go" ] || { echo "build-examples.sh: missing Go module $mod (9-cli's function needs it): install Debian's $pkg (or apt-get download it into $deb) and run this again" >&2; exit 1; }
    srcs+=("$mod|$v|$s")
  done
  proxy="$B/goproxy-debian"
  for n in "${srcs[@]}"; do
    IFS='|' read -r mod v s <<<"$n"
    d="$proxy/$mod/@v"
    t=$(mktemp -d)
    mkdir -p "$d" "$t/$mod@$v"
    cp -r "$s/." "$t/$mod@$v/"
    [ -f "$t/$mod@$v/go.mod" ] || printf 'module %s\n' "$mod" > "$t/$mod@$v/go.mod"
    cp "$t/$mod@$v/go.mod" "$d/$v.mod"
    printf '{"Version":"%s","Time":"2024-01-01T00:00:00Z"}\n' "$v" > "$d/$v.info"
    printf '%s\n' "$v" > "$d/list"
    rm -f "$d/$v.zip"
    (cd "$t" && find "$mod@$v" -type f | LC_ALL=C sort | zip -q -X "$d/$v.zip" -@)
    rm -rf "$t"
    (cd "$B/app" && GOPROXY="file://$proxy" GOFLAGS= go mod download "$mod@$v")
    echo "module cache: $mod@$v from $s"
  done
fi
# stub modules (empty go.mod) for modules these go.mod files list, or that their graph reaches, whose
# packages nothing here compiles (quic-go's test and tool dependencies, hcl's and cobra's test ones;
# mousetrap is imported by cobra on Windows only)
xreplaces=()
for mod in github.com/go-task/slim-sprig/v3 github.com/google/pprof github.com/onsi/ginkgo/v2 go.uber.org/mock \
    github.com/davecgh/go-spew github.com/cpuguy83/go-md2man/v2 github.com/inconshreveable/mousetrap; do
  d="$B/stubs/$(echo "$mod" | tr / _)"
  mkdir -p "$d"
  printf 'module %s\n' "$mod" > "$d/go.mod"
  xreplaces+=("replace $mod => $d")
done
overlay() { # example-module-dir out-dir
  mkdir -p "$2"
  {
    sed -E 's#^(replace github.com/yomorun/yomo => )\.[./]*$#\1'"$B/src/yomo"'#' "$1/go.mod"
    echo
    echo "// added by build-examples.sh: yomo's dependencies as in $B/app/go.mod, and stubs"
    grep '^replace' "$B/app/go.mod" | grep -v '^replace github.com/yomorun/yomo '
    printf '%s\n' "${xreplaces[@]}"
  } > "$2/go.mod"
  grep -q "^replace github.com/yomorun/yomo => $B/src/yomo\$" "$2/go.mod" ||
    { echo "build-examples.sh: $1/go.mod has no relative replace of github.com/yomorun/yomo" >&2; exit 1; }
  rm -f "$2/go.sum"
}
for ex in 1-pipeline 2-iopipe; do
  [ -n "$only" ] && [[ "$ex" != $only* ]] && continue
  overlay "$E/$ex" "$out/$ex"
  (cd "$E/$ex" && go build -p 1 -modfile="$out/$ex/go.mod" -o "$out/$ex-source" ./source)
  echo "built $out/$ex-source"
  mkdir -p "$out/$ex/serverless"
  cp "$E/$ex/serverless/"*.go "$out/$ex/serverless/"
done
if [ -z "$only" ] || [[ 9-cli == $only* ]]; then
  overlay "$E/9-cli/source" "$out/9-cli/source"
  (cd "$E/9-cli/source" && go build -p 1 -modfile="$out/9-cli/source/go.mod" -o "$out/9-cli-source" .)
  echo "built $out/9-cli-source"
  overlay "$E/9-cli/sfn" "$out/9-cli/sfn"
  cp "$E/9-cli/sfn/app.go" "$E/9-cli/sfn/.env" "$out/9-cli/sfn/"
fi
# yomo's CLI with this Go environment, for `yomo run -m go.mod <fn>.go`. GOFLAGS -e reaches
# `go mod tidy` only (other commands ignore flags they lack): tidy also loads the tests and tools of
# every dependency (testify, ginkgo, go-cmp, gomock, ...), which this offline build does not have;
# -e lets it write go.mod anyway. `go build` then fails on any package the function itself lacks.
cat > "$out/yomo-go" <<EOS
#!/bin/sh
# written by build-examples.sh: yomo's CLI with the Go environment \`yomo run <fn>.go\` builds in
export GOROOT=$GOROOT PATH=$GOROOT/bin:\$PATH GOTOOLCHAIN=local GOPROXY=off GOSUMDB=off GOFLAGS='-mod=mod -e' \\
  GOPATH=$GOPATH GOCACHE=$GOCACHE CGO_ENABLED=0
exec "\$(dirname "\$0")/../yomo" "\$@"
EOS
chmod +x "$out/yomo-go"
