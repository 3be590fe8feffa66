# Sourced by build.sh and test.sh: GOPATH-mode build against Debian's packaged quic-go, fully offline.
INTEROP_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export GOPATH="$INTEROP_DIR:/usr/share/gocode"
export GO111MODULE=off GOPROXY=off GOFLAGS= GOCACHE="$INTEROP_DIR/.gocache"
if ! command -v go >/dev/null 2>&1; then
  echo "interop: 'go' not found; install golang-go golang-github-lucas-clemente-quic-go-dev" >&2
  exit 127
fi
if [ ! -d /usr/share/gocode/src/github.com/lucas-clemente/quic-go ]; then
  echo "interop: quic-go sources missing; install golang-github-lucas-clemente-quic-go-dev" >&2
  exit 127
fi
