#!/usr/bin/env bash
# Builds TinyGo v0.30.0 from source on Debian 12 (LLVM 15 from apt, Debian's Go 1.19 both to build
# TinyGo and as the standard library of the guests), for wasm-guests/tinygo-sfn. Debian has no
# TinyGo package and this machine reaches no release downloads, so everything comes from
# deb.debian.org and from git repositories of GitHub projects. The outputs of build.sh are
# committed; this is needed only to rebuild the TinyGo guests.
#
# MIRROR must hold a git repository per GitHub project as $MIRROR/<owner>+<name>/repo (here: the
# snapshots the team's fetch tool brings to /work/.mirror):
#   tinygo-org/tinygo tinygo-org/go-llvm golang/tools golang/sys golang/mod google/shlex inhies/go-bytesize
#   mattn/go-colorable mattn/go-isatty mattn/go-tty aykevl/go-wasm blakesmith/ar gofrs/flock marcinbor85/gohex
#   sigurn/crc16 bugst/go-serial creack/goselect go-yaml/yaml yomorun/yomo
# Everything is built under TINYGO_BUILD (default /work/tinygo-build); then `source $TINYGO_BUILD/env.sh`.
# Takes about 3 minutes on 2 cores, plus a 137 MB download of LLVM 15's source tarball (only
# compiler-rt's builtins are kept).
set -euxo pipefail
B="${TINYGO_BUILD:-/work/tinygo-build}"
M="${MIRROR:-/work/.mirror}"
mkdir -p $B && cd $B

# 1. System packages (bookworm)
apt-get install -y llvm-15-dev libclang-15-dev lld-15 liblld-15-dev clang-15 binaryen wasi-libc

# 2. TinyGo source at v0.30.0 (supports LLVM 15 via -tags=llvm15, Go 1.18..1.21)
[ -d tinygo ] || git clone -q $M/tinygo-org+tinygo/repo tinygo
git -C tinygo checkout -q -f v0.30.0

# 3. Go dependencies: export each at the version pinned in tinygo's go.mod into deps/<name>
mkdir -p deps
dep() { # dep <mirror> <rev> <dir> <modulepath>
  if [ ! -d deps/$3 ]; then
    mkdir -p deps/$3
    git --git-dir=$M/$1/repo archive $2 | tar -x -C deps/$3
  fi
  [ -f deps/$3/go.mod ] || printf 'module %s\n\ngo 1.12\n' "$4" > deps/$3/go.mod
}
dep google+shlex        c34317bd91bf shlex        github.com/google/shlex
dep inhies+go-bytesize  4913239db9cf go-bytesize  github.com/inhies/go-bytesize
dep mattn+go-colorable  v0.1.8       go-colorable github.com/mattn/go-colorable
dep mattn+go-isatty     v0.0.12      go-isatty    github.com/mattn/go-isatty
dep mattn+go-tty        v0.0.4       go-tty       github.com/mattn/go-tty
dep aykevl+go-wasm      4a0a888aebdc go-wasm      github.com/aykevl/go-wasm
dep blakesmith+ar       8bd4349a67f2 ar           github.com/blakesmith/ar
dep gofrs+flock         v0.8.1       flock        github.com/gofrs/flock
dep marcinbor85+gohex   343a4b548892 gohex        github.com/marcinbor85/gohex
dep sigurn+crc16        20ab5afb07e3 crc16        github.com/sigurn/crc16
dep bugst+go-serial     v1.6.0       go-serial    go.bug.st/serial
dep creack+goselect     v0.1.2       goselect     github.com/creack/goselect
dep go-yaml+yaml        v2.4.0       yaml.v2      gopkg.in/yaml.v2
dep golang+sys          v0.11.0      x-sys        golang.org/x/sys
dep golang+tools        v0.12.0      x-tools      golang.org/x/tools
dep golang+mod          v0.12.0      x-mod        golang.org/x/mod
dep tinygo-org+go-llvm  9edb6403d0bc go-llvm      tinygo.org/x/go-llvm

# 4. Point tinygo's go.mod at the local copies; drop test-only requirements (chromedp & friends)
cd $B/tinygo
for m in github.com/chromedp/cdproto github.com/chromedp/chromedp github.com/chromedp/sysutil \
         github.com/gobwas/httphead github.com/gobwas/pool github.com/gobwas/ws \
         github.com/josharian/intern github.com/mailru/easyjson; do
  go mod edit -droprequire=$m
done
for p in github.com/google/shlex=shlex github.com/inhies/go-bytesize=go-bytesize \
         github.com/mattn/go-colorable=go-colorable github.com/mattn/go-isatty=go-isatty \
         github.com/mattn/go-tty=go-tty github.com/aykevl/go-wasm=go-wasm github.com/blakesmith/ar=ar \
         github.com/gofrs/flock=flock github.com/marcinbor85/gohex=gohex github.com/sigurn/crc16=crc16 \
         go.bug.st/serial=go-serial github.com/creack/goselect=goselect gopkg.in/yaml.v2=yaml.v2 \
         golang.org/x/sys=x-sys golang.org/x/tools=x-tools golang.org/x/mod=x-mod tinygo.org/x/go-llvm=go-llvm; do
  go mod edit -replace=${p%%=*}=$B/deps/${p#*=}
done
export GOPROXY=off GOSUMDB=off GOFLAGS=-mod=mod

# 5. Build the tinygo binary against Debian's LLVM 15 (cgo links -lLLVM-15, libclang, liblld)
cd $B/tinygo
export PATH=/usr/lib/llvm-15/bin:$PATH
go build -buildmode exe -tags=llvm15 -o build/tinygo -ldflags="-X github.com/tinygo-org/tinygo/goenv.GitSha1=$(git rev-parse --short HEAD)" .

# 6. compiler-rt builtins sources (TinyGo compiles them itself) from Debian's LLVM 15.0.6 orig tarball
cd $B
if [ ! -d tinygo/lib/compiler-rt-builtins ]; then
  [ -f llvm-toolchain-15_15.0.6.orig.tar.xz ] || curl -fsSLO http://deb.debian.org/debian/pool/main/l/llvm-toolchain-15/llvm-toolchain-15_15.0.6.orig.tar.xz
  mkdir -p llvm-src
  tar -xJf llvm-toolchain-15_15.0.6.orig.tar.xz -C llvm-src --wildcards '*/compiler-rt/lib/builtins/*' '*/compiler-rt/LICENSE.TXT'
  cp -rp llvm-src/*/compiler-rt/lib/builtins tinygo/lib/compiler-rt-builtins
  cp -p llvm-src/*/compiler-rt/LICENSE.TXT tinygo/lib/compiler-rt-builtins/
fi

# 7. wasi-libc sysroot: reuse Debian's prebuilt wasi-libc (/usr/lib/wasm32-wasi, /usr/include/wasm32-wasi)
cd $B/tinygo
if [ ! -e lib/wasi-libc/sysroot/lib/wasm32-wasi/libc.a ]; then
  mkdir -p lib/wasi-libc/sysroot/lib lib/wasi-libc/sysroot/include
  ln -sfn /usr/lib/wasm32-wasi     lib/wasi-libc/sysroot/lib/wasm32-wasi
  ln -sfn /usr/include/wasm32-wasi lib/wasi-libc/sysroot/include/wasm32-wasi
fi

# 8. Environment for using tinygo (also written to $B/env.sh)
cat > $B/env.sh <<ENV
export TINYGOROOT=$B/tinygo
export PATH=$B/tinygo/build:/usr/lib/llvm-15/bin:\$PATH   # tinygo; wasm-opt is binaryen 108 in /usr/bin
export YOMO_SDK=$B/yomo-sdk-v1.18.0
ENV
source $B/env.sh
tinygo version

# 9. YoMo's Go guest SDK as of yomo v1.18.0 (ABI v3), unmodified: only its serverless packages,
#    which import nothing outside the standard library, under a minimal go.mod (yomo's own go.mod
#    requires modules a guest never imports, and there is no module proxy here).
if [ ! -d $B/yomo-sdk-v1.18.0 ]; then
  mkdir -p $B/yomo-sdk-v1.18.0
  git --git-dir=$M/yomorun+yomo/repo archive v1.18.0 serverless/context.go serverless/guest LICENSE | tar -x -C $B/yomo-sdk-v1.18.0
  printf 'module github.com/yomorun/yomo\n\ngo 1.19\n' > $B/yomo-sdk-v1.18.0/go.mod
fi
echo "TinyGo ready: source $B/env.sh, then run wasm-guests/build.sh"
