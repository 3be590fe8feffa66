#!/usr/bin/env bash
# Builds the real YoMo (yomo v1.18.10, protocol "2024-01-03") from source, offline except for
# deb.debian.org: Go 1.24 from Debian trixie's .debs (extracted, not installed), yomo and the Go
# modules it needs from git repositories of their GitHub projects, wired in with go.mod replace
# directives (there is no module proxy here). Used by build.sh in this directory for RealYomoIT;
# nothing in the default build or CI needs it.
#
# MIRROR must hold a git repository per GitHub project as $MIRROR/<owner>+<name>/repo (here: the
# snapshots the team's fetch tool brings to /work/.mirror); the projects are yomorun/yomo plus those
# named in DEPS below. The script checks them all first and names the missing ones in one line.
# Everything is built under YOMO_BUILD (default /work/yomo-build), which it creates; a run into an
# existing build directory reuses what is complete there. About 8 minutes on 2 busy cores from an empty
# directory (Go's first compile of yomo's CLI is most of it), 25 s when everything is there.
#
# Outputs: $YOMO_BUILD/bin/yomo (YoMo's own CLI: `yomo serve` is the zipper, `yomo run` the Wasm
# host), the example source and stream function used for the smoke test, and $YOMO_BUILD/app, the
# module build.sh compiles real-yomo-peer (main.go here) in.
set -Eeuo pipefail
B="${YOMO_BUILD:-/work/yomo-build}"
MIR="${MIRROR:-/work/.mirror}"
YOMO_TAG=${YOMO_TAG:-v1.18.10}
STEP="start"
trap 'echo "bootstrap-yomo.sh: step \"$STEP\" failed (exit $?, line $LINENO): $BASH_COMMAND" >&2' ERR
die() { echo "bootstrap-yomo.sh: $*" >&2; exit 1; }

# dependencies at the versions pinned in yomo's go.mod (module | mirror | ref | subdir)
DEPS="
github.com/quic-go/quic-go|quic-go+quic-go|v0.44.0|.
golang.org/x/crypto|golang+crypto|v0.23.0|.
golang.org/x/net|golang+net|v0.25.0|.
golang.org/x/sys|golang+sys|v0.20.0|.
golang.org/x/exp|golang+exp|9bf2ced13842|.
golang.org/x/text|golang+text|v0.15.0|.
github.com/caarlos0/env/v6|caarlos0+env|v6.10.1|.
github.com/invopop/jsonschema|invopop+jsonschema|v0.12.0|.
github.com/wk8/go-ordered-map/v2|wk8+go-ordered-map|v2.1.8|.
github.com/bahlo/generic-list-go|bahlo+generic-list-go|v0.2.0|.
github.com/buger/jsonparser|buger+jsonparser|v1.1.1|.
github.com/mailru/easyjson|mailru+easyjson|v0.7.7|.
github.com/josharian/intern|josharian+intern|v1.0.0|.
github.com/matoous/go-nanoid/v2|matoous+go-nanoid|v2.1.0|.
github.com/robfig/cron/v3|robfig+cron|v3.0.1|.
github.com/sashabaranov/go-openai|sashabaranov+go-openai|v1.24.1|.
github.com/vmihailenco/msgpack/v5|vmihailenco+msgpack|v5.4.1|.
github.com/vmihailenco/tagparser/v2|vmihailenco+tagparser|v2.0.0|.
github.com/yomorun/y3|yomorun+y3|v1.0.5|.
go.opentelemetry.io/otel|open-telemetry+opentelemetry-go|v1.27.0|.
go.opentelemetry.io/otel/sdk|open-telemetry+opentelemetry-go|v1.27.0|sdk
go.opentelemetry.io/otel/trace|open-telemetry+opentelemetry-go|v1.27.0|trace
go.opentelemetry.io/otel/metric|open-telemetry+opentelemetry-go|v1.27.0|metric
go.opentelemetry.io/otel/exporters/otlp/otlptrace|open-telemetry+opentelemetry-go|v1.27.0|exporters/otlp/otlptrace
go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp|open-telemetry+opentelemetry-go|v1.27.0|exporters/otlp/otlptrace/otlptracehttp
go.opentelemetry.io/proto/otlp|open-telemetry+opentelemetry-proto-go|otlp/v1.2.0|otlp
github.com/go-logr/logr|go-logr+logr|v1.4.2|.
github.com/go-logr/stdr|go-logr+stdr|v1.2.2|.
github.com/cenkalti/backoff/v4|cenkalti+backoff|v4.3.0|.
google.golang.org/grpc|grpc+grpc-go|v1.64.0|.
github.com/grpc-ecosystem/grpc-gateway/v2|grpc-ecosystem+grpc-gateway|v2.20.0|.
google.golang.org/genproto/googleapis/api|googleapis+go-genproto|d264139d666e|googleapis/api
google.golang.org/genproto/googleapis/rpc|googleapis+go-genproto|d264139d666e|googleapis/rpc
google.golang.org/protobuf|protocolbuffers+protobuf-go|v1.34.1|.
gopkg.in/natefinch/lumberjack.v2|natefinch+lumberjack|v2.2.1|.
gopkg.in/yaml.v3|go-yaml+yaml|v3.0.1|.
github.com/francoispqt/gojay|francoispqt+gojay|v1.2.13|.
#--extra-modules-needed-only-by-the-full-CLI-package-cmd/yomo--
github.com/briandowns/spinner|briandowns+spinner|v1.23.0|.
github.com/fatih/color|fatih+color|v1.17.0|.
github.com/mattn/go-colorable|mattn+go-colorable|v0.1.13|.
github.com/mattn/go-isatty|mattn+go-isatty|v0.0.20|.
github.com/hashicorp/golang-lru/v2|hashicorp+golang-lru|v2.0.7|.
github.com/joho/godotenv|joho+godotenv|v1.5.1|.
github.com/shirou/gopsutil/v3|shirou+gopsutil|v3.24.5|.
github.com/tklauser/go-sysconf|tklauser+go-sysconf|v0.3.14|.
github.com/tklauser/numcpus|tklauser+numcpus|v0.8.0|.
github.com/spf13/cobra|spf13+cobra|v1.8.0|.
github.com/spf13/pflag|spf13+pflag|v1.0.5|.
github.com/spf13/viper|spf13+viper|v1.19.0|.
github.com/tetratelabs/wazero|tetratelabs+wazero|v1.7.2|.
github.com/fsnotify/fsnotify|fsnotify+fsnotify|v1.7.0|.
github.com/mitchellh/mapstructure|mitchellh+mapstructure|v1.5.0|.
github.com/sagikazarmark/locafero|sagikazarmark+locafero|v0.4.0|.
github.com/sourcegraph/conc|sourcegraph+conc|v0.3.0|.
github.com/spf13/afero|spf13+afero|v1.11.0|.
github.com/spf13/cast|spf13+cast|v1.6.0|.
github.com/subosito/gotenv|subosito+gotenv|v1.6.0|.
github.com/sagikazarmark/slog-shim|sagikazarmark+slog-shim|v0.1.0|.
github.com/pelletier/go-toml/v2|pelletier+go-toml|v2.2.0|.
github.com/hashicorp/hcl|hashicorp+hcl|v1.0.0|.
github.com/magiconair/properties|magiconair+properties|v1.8.7|.
gopkg.in/ini.v1|go-ini+ini|v1.67.0|.
go.uber.org/multierr|uber-go+multierr|v1.11.0|.
golang.org/x/mod|golang+mod|v0.17.0|.
golang.org/x/tools|golang+tools|v0.21.0|.
golang.org/x/sync|golang+sync|v0.7.0|.
golang.org/x/term|golang+term|v0.20.0|.
"

# 0. preflight: host tools, then every mirror repository and the ref it is read at
STEP="0 preflight"
for t in git curl dpkg tar; do command -v $t >/dev/null || die "needs '$t' on PATH"; done
missing=() norefs=()
for line in "yomorun/yomo|yomorun+yomo|$YOMO_TAG|." $DEPS; do
  case $line in \#*) continue;; esac
  IFS='|' read -r mod mir ref sub <<<"$line"
  if [ ! -d "$MIR/$mir/repo" ]; then
    case " ${missing[*]-} " in *" ${mir/+//} "*) ;; *) missing+=("${mir/+//}");; esac
  elif ! git --git-dir="$MIR/$mir/repo" rev-parse -q --verify "$ref^{tree}" >/dev/null; then
    norefs+=("${mir/+//}@$ref")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  die "missing ${#missing[@]} mirror repositories under $MIR (<owner>+<name>/repo): ${missing[*]}; bring each with the fetch tool (fetch github:<owner>/<name>), then run this again"
fi
[ ${#norefs[@]} -eq 0 ] || die "mirror repositories without the pinned ref (a newer snapshot is needed): ${norefs[*]}"
mkdir -p "$B"
cd "$B"
B=$(pwd)
rm -f "$B/missing-files.txt"

# 1. Go 1.24 toolchain from Debian trixie, extracted privately (not installed)
STEP="1 Go 1.24 from deb.debian.org"
mkdir -p dl
for f in golang-1.24-go_1.24.4-1_amd64.deb golang-1.24-src_1.24.4-1_all.deb; do
  if [ ! -f dl/$f ]; then
    curl -sSf -o dl/$f.part http://deb.debian.org/debian/pool/main/g/golang-1.24/$f
    mv dl/$f.part dl/$f
  fi
done
if [ ! -x go124/usr/lib/go-1.24/bin/go ]; then
  rm -rf go124.part
  mkdir go124.part
  dpkg -x dl/golang-1.24-go_1.24.4-1_amd64.deb go124.part
  dpkg -x dl/golang-1.24-src_1.24.4-1_all.deb go124.part
  rm -rf go124
  mv go124.part go124
fi
export GOROOT=$B/go124/usr/lib/go-1.24 PATH=$B/go124/usr/lib/go-1.24/bin:$PATH
export GOTOOLCHAIN=local GOPROXY=off GOSUMDB=off GOFLAGS=-mod=mod GOPATH=$B/gopath GOCACHE=$B/gocache CGO_ENABLED=0
go version

# 2. yomo source at the tag (unmodified)
STEP="2 yomo $YOMO_TAG source"
if [ ! -f src/yomo/go.mod ]; then
  rm -rf src/yomo.part
  mkdir -p src/yomo.part
  git --git-dir=$MIR/yomorun+yomo/repo archive $YOMO_TAG | tar -x -C src/yomo.part
  rm -rf src/yomo
  mv src/yomo.part src/yomo
fi
grep -n 'const Version' src/yomo/core/version.go

# 3. the dependencies' trees
STEP="3 dependency trees"
# extract a tree; snapshots omit files >= 4 MiB (golang/text v0.15.0: collate/tables.go and
# date/tables.go, which nothing built here imports), so fall back to copying blob by blob and
# skipping the absent ones (recorded in $B/missing-files.txt, checked against the build in step 6)
extract() { # mirror ref dest
  local g=$MIR/$1/repo
  if ! git --git-dir=$g archive $2 2>/dev/null | tar -x -C $3 2>/dev/null; then
    git --git-dir=$g ls-tree -r $2 | while read -r mode type obj path; do
      [ "$type" = blob ] || continue
      mkdir -p "$3/$(dirname "$path")"
      git --git-dir=$g cat-file blob $obj > "$3/$path" 2>/dev/null || { rm -f "$3/$path"; echo "$1@$2 $path" >> $B/missing-files.txt; }
    done
  fi
}
mkdir -p deps
REPLACES=()
for line in $DEPS; do
  case $line in \#*) continue;; esac
  IFS='|' read -r mod mir ref sub <<<"$line"
  d=deps/$mir@$(echo $ref | tr / _)
  if [ ! -d $d ]; then
    rm -rf $d.part
    mkdir -p $d.part
    extract $mir $ref $d.part
    mv $d.part $d
  fi
  # modules without a go.mod (e.g. gopkg.in/ini.v1 v1.67.0) get a minimal one
  [ -f $d/$sub/go.mod ] || printf 'module %s\n' "$mod" > $d/$sub/go.mod
  REPLACES+=("$mod=$B/$d/$sub")
done
# a tree extracted in an earlier run may lack files too: list them again, from the snapshots
absent() { # mirror ref: the paths of files whose blobs the snapshot lacks
  local g=$MIR/$1/repo ids
  ids=$(git --git-dir=$g ls-tree -r $2 | awk -F'\t' '{ split($1, a, " "); if (a[2] == "blob") print a[3] }' |
    git --git-dir=$g cat-file --batch-check 2>/dev/null | awk '$2 == "missing" { printf "%s ", $1 }')
  [ -z "$ids" ] || git --git-dir=$g ls-tree -r $2 | awk -F'\t' -v ids="$ids" \
    'BEGIN { n = split(ids, l, " "); for (i = 1; i <= n; i++) want[l[i]] = 1 } { split($1, a, " "); if (a[3] in want) print $2 }'
}
for line in $DEPS; do
  case $line in \#*) continue;; esac
  IFS='|' read -r mod mir ref sub <<<"$line"
  absent $mir $ref | sed "s|^|$mir@$ref |" >> $B/missing-files.txt
done
touch $B/missing-files.txt
sort -u -o $B/missing-files.txt $B/missing-files.txt

# 4. stub modules (empty go.mod) for modules that appear in the module graph only
#    through test-only / unused requirements; nothing from them is compiled.
STEP="4 stub modules"
STUBS="
cloud.google.com/go
github.com/go-errors/errors
github.com/golang/protobuf
github.com/json-iterator/go
github.com/lunixbochs/vtclean
github.com/modern-go/concurrent
github.com/modern-go/reflect2
github.com/pkg/errors
github.com/stretchr/testify
github.com/viant/assertly
github.com/viant/toolbox
golang.org/x/oauth2
gopkg.in/yaml.v2
gopkg.in/check.v1
github.com/google/go-cmp
github.com/yuin/goldmark
golang.org/x/telemetry
"
for mod in $STUBS; do
  d=stubs/$(echo $mod | tr / _)
  mkdir -p $d; printf 'module %s\n' "$mod" > $d/go.mod
  REPLACES+=("$mod=$B/$d")
done

# 5. the main module the binaries are built from: yomo and its dependencies by replace directive
#    (build.sh adds real-yomo-peer to it as ./cmd/real-yomo-peer)
STEP="5 app module"
mkdir -p $B/app
cd $B/app
cat > go.mod <<EOM
module yomo-build/app

go 1.21

require github.com/yomorun/yomo $YOMO_TAG
EOM
go mod edit -replace github.com/yomorun/yomo=$B/src/yomo
for r in "${REPLACES[@]}"; do go mod edit -replace "$r"; done
rm -f go.sum

# 6. build (one heavy build at a time: -p 1)
STEP="6 go build"
TARGETS="github.com/yomorun/yomo/cmd/yomo github.com/yomorun/yomo/example/0-basic/source github.com/yomorun/yomo/example/0-basic/sfn"
# the files the snapshots lack must be in packages nothing here compiles
if [ -s $B/missing-files.txt ]; then
  needed=$(go list -deps -f '{{.Dir}}' $TARGETS | while read -r dir; do
    awk '{ print $1, $2 }' $B/missing-files.txt | while read -r mr path; do
      [ "$B/deps/$(echo "$mr" | tr / _)/$(dirname "$path")" != "$dir" ] || echo "$mr:$path"
    done
  done)
  [ -z "$needed" ] || die "the build needs files the mirror snapshots lack (files >= 4 MiB are left out): $needed"
  echo "absent from the snapshots, not needed by this build: $(awk '{ printf "%s%s:%s", sep, $1, $2; sep = ", " }' $B/missing-files.txt)"
fi
mkdir -p $B/bin
go build -p 1 -o $B/bin/yomo github.com/yomorun/yomo/cmd/yomo            # the real YoMo CLI (cmd/yomo -> cli), default tags (wazero, no cgo)
go build -p 1 -o $B/bin/example-0-basic-source github.com/yomorun/yomo/example/0-basic/source
go build -p 1 -o $B/bin/example-0-basic-sfn github.com/yomorun/yomo/example/0-basic/sfn
$B/bin/yomo version

# 7. smoke test: zipper on UDP 127.0.0.1:19000 + sfn + source for a few seconds
STEP="7 smoke test"
if [ "${SMOKE:-1}" = 1 ]; then
  mkdir -p $B/run
  cd $B/run
  printf 'name: zipper-local\nhost: 127.0.0.1\nport: %s\n' "${SMOKE_PORT:-19000}" > zipper.yaml
  export YOMO_ADDR=127.0.0.1:${SMOKE_PORT:-19000}
  $B/bin/yomo serve -c zipper.yaml > zipper.log 2>&1 & ZP=$!
  sleep 1; $B/bin/example-0-basic-sfn > sfn.log 2>&1 & SP=$!
  sleep 1; $B/bin/example-0-basic-source > source.log 2>&1 & SRC=$!
  sleep 5; kill $SRC $SP; sleep 0.5; kill $ZP; wait 2>/dev/null || true
  grep -m1 'zipper is up and running' zipper.log || die "smoke test: the zipper did not start (see $B/run/zipper.log)"
  got=$(grep -c 'got=' sfn.log || true)
  [ "$got" -gt 0 ] || die "smoke test: the stream function received nothing (see $B/run/*.log)"
  echo "sfn received $got messages"
fi
echo "bootstrap-yomo.sh: done; $B/bin/yomo and $B/app are ready for build.sh (YOMO_BUILD=$B)"
