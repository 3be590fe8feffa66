#!/usr/bin/env bash
# Builds the real YoMo (yomo v1.18.10, protocol "2024-01-03") from source, offline except for
# deb.debian.org: Go 1.24 from Debian trixie's .debs (extracted, not installed), yomo and the Go
# modules it needs from git repositories of their GitHub projects, wired in with go.mod replace
# directives (there is no module proxy here). Used by build.sh in this directory for RealYomoIT;
# nothing in the default build or CI needs it.
#
# MIRROR must hold a git repository per GitHub project as $MIRROR/<owner>+<name>/repo (here: the
# snapshots the team's fetch tool brings to /work/.mirror); the projects are those named in DEPS
# below plus yomorun/yomo. Everything is built under YOMO_BUILD (default /work/yomo-build).
# About a minute on 2 cores once the repositories are there.
set -euo pipefail
B="${YOMO_BUILD:-/work/yomo-build}"
MIR="${MIRROR:-/work/.mirror}"
YOMO_TAG=${YOMO_TAG:-v1.18.10}
cd $B

# 1. Go 1.24 toolchain from Debian trixie, extracted privately (not installed)
mkdir -p dl go124
for f in golang-1.24-go_1.24.4-1_amd64.deb golang-1.24-src_1.24.4-1_all.deb; do
  [ -f dl/$f ] || curl -sSf -o dl/$f http://deb.debian.org/debian/pool/main/g/golang-1.24/$f
done
[ -x go124/usr/lib/go-1.24/bin/go ] || { dpkg -x dl/golang-1.24-go_1.24.4-1_amd64.deb go124; dpkg -x dl/golang-1.24-src_1.24.4-1_all.deb go124; }
export GOROOT=$B/go124/usr/lib/go-1.24 PATH=$B/go124/usr/lib/go-1.24/bin:$PATH
export GOTOOLCHAIN=local GOPROXY=off GOSUMDB=off GOFLAGS=-mod=mod GOPATH=$B/gopath GOCACHE=$B/gocache CGO_ENABLED=0
go version

# 2. yomo source at the tag (unmodified)
[ -d src/yomo ] || { mkdir -p src/yomo; git --git-dir=$MIR/yomorun+yomo/repo archive $YOMO_TAG | tar -x -C src/yomo; }
grep -n 'const Version' src/yomo/core/version.go

# 3. dependencies at the versions pinned in yomo's go.mod (module | mirror | ref | subdir)
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
# extract a tree; snapshots omit files >= 4 MiB (e.g. x/text collate/tables.go), so fall back
# to copying blob by blob and skipping the missing ones (recorded in $B/missing-files.txt)
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
  [ -d $d ] || { mkdir -p $d; extract $mir $ref $d; }
  # modules without a go.mod (e.g. gopkg.in/ini.v1 v1.67.0) get a minimal one
  [ -f $d/$sub/go.mod ] || printf 'module %s\n' "$mod" > $d/$sub/go.mod
  REPLACES+=("$mod=$B/$d/$sub")
done

# 4. stub modules (empty go.mod) for modules that appear in the module graph only
#    through test-only / unused requirements; nothing from them is compiled.
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

# 5. the small main module (app/cmd/yomo/main.go = cli/serve.go minus the LLM bridge)
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
mkdir -p $B/bin
go build -p 1 -o $B/bin/yomo github.com/yomorun/yomo/cmd/yomo            # the real YoMo CLI (cmd/yomo -> cli), default tags (wazero, no cgo)
go build -p 1 -o $B/bin/yomo-zipper-mini ./cmd/yomo                          # fallback: zipper-only main (serve steps of cli/serve.go, no LLM bridge)
go build -p 1 -o $B/bin/example-0-basic-source github.com/yomorun/yomo/example/0-basic/source
go build -p 1 -o $B/bin/example-0-basic-sfn github.com/yomorun/yomo/example/0-basic/sfn
$B/bin/yomo version

# 7. smoke test: zipper on UDP 127.0.0.1:19000 + sfn + source for a few seconds
if [ "${SMOKE:-1}" = 1 ]; then
  mkdir -p $B/run && cd $B/run
  printf 'name: zipper-local\nhost: 127.0.0.1\nport: 19000\n' > zipper.yaml
  export YOMO_ADDR=127.0.0.1:19000
  $B/bin/yomo serve -c zipper.yaml > zipper.log 2>&1 & ZP=$!
  sleep 1; $B/bin/example-0-basic-sfn > sfn.log 2>&1 & SP=$!
  sleep 1; $B/bin/example-0-basic-source > source.log 2>&1 & SRC=$!
  sleep 5; kill $SRC $SP; sleep 0.5; kill $ZP; wait 2>/dev/null || true
  grep -m1 'zipper is up and running' zipper.log
  echo "sfn received $(grep -c 'got=' sfn.log) messages"
fi
