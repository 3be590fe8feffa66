#!/usr/bin/env bash
# Rebuilds every guest .wasm from source. Outputs are committed, so tests never need a toolchain.
#   example guests (shipped in the flink-wasm-udf jar): flink-wasm-udf/src/main/resources/dev/flinkyomo/wasm/guests/
#   test fixtures:                                      flink-wasm-udf/src/test/resources/wasm/
#   WASI-NN guests (shipped in the flink-wasm-nn jar):  flink-wasm-nn/src/main/resources/dev/flinkyomo/wasm/nn/guests/
#   WASI-NN test fixtures:                              flink-wasm-nn/src/test/resources/wasm/
# The fixture noise_reference.wasm is the straightforward noise guest of commit e27f0eb
# (rust-noise/reference/noise_reference.rs, built with that commit's flags): NoiseGuestReferenceTest
# holds the tuned guest to its behaviour.
# Toolchains: clang + lld 14, wabt (wat2wasm, wasm-strip), Debian rustc 1.63 with libstd-rust-dev-wasm32,
# and for the TinyGo guests TinyGo 0.30 built by tinygo-sfn/bootstrap-tinygo.sh (skipped without it).
# rustup's rustc in ~/.cargo/bin cannot target wasm offline, so /usr/bin/rustc is used explicitly.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
guests="$here/../flink-wasm-udf/src/main/resources/dev/flinkyomo/wasm/guests"
fixtures="$here/../flink-wasm-udf/src/test/resources/wasm"
nn_guests="$here/../flink-wasm-nn/src/main/resources/dev/flinkyomo/wasm/nn/guests"
nn_fixtures="$here/../flink-wasm-nn/src/test/resources/wasm"
RUSTC="${RUSTC:-/usr/bin/rustc}"
# clang 14 (Debian's clang-14 installs /usr/bin/clang-14 only); TinyGo's environment puts LLVM 15
# first on PATH, hence the full path.
CLANG="${CLANG:-$([ -x /usr/bin/clang ] && echo /usr/bin/clang || echo /usr/bin/clang-14)}"
WASM_LD="${WASM_LD:-/usr/bin/wasm-ld-14}"
mkdir -p "$guests" "$fixtures" "$nn_guests" "$nn_fixtures"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

c_guest() { # source, output, max memory bytes
  # Compile and link in two steps: when clang links for wasm32 itself, it runs binaryen's wasm-opt
  # on the result whenever one is installed, so the output would depend on the machine.
  "$CLANG" --target=wasm32 -O2 -nostdlib -c -o "$tmp/guest.o" "$1"
  "$WASM_LD" -m wasm32 --no-entry --initial-memory=131072 --max-memory="$3" -o "$2" "$tmp/guest.o"
}

echo "C: uppercase (ABI v3, tag 0x33 -> 0x34, plus str_upper)"
c_guest "$here/c-uppercase/sfn.c" "$guests/uppercase.wasm" 16777216

echo "C: frame_stats (ABI v3, raw RGB frames, tag 0x40 -> 0x41 / 0x4E)"
c_guest "$here/c-image/frame_stats.c" "$guests/frame_stats.wasm" 67108864

echo "C: classifier (ABI v3 + WASI-NN, raw RGB frames, tag 0x40 -> 0x42 / 0x4E)"
c_guest "$here/c-classifier/classifier.c" "$nn_guests/classifier_c.wasm" 16777216

rust_guest() { # opt-level, source, output
  local name
  name="$(basename "$3")"
  (cd "$tmp" && "$RUSTC" --target wasm32-wasi -C opt-level="$1" -C panic=abort -C lto \
    -C link-arg=-zstack-size=65536 -C link-arg=--max-memory=16777216 -o "$name" "$2")
  wasm-strip "$tmp/$name"
  cp "$tmp/$name" "$3"
}

echo "Rust: noise (ABI v3, wasm32-wasi, tag 0x33 -> 0x34 / 0x35)"
# opt-level=3 measured as fast as or faster than s under Chicory; +bulk-memory (memcpy as
# memory.copy) measured no faster, so the guest needs no post-MVP feature.
rust_guest 3 "$here/rust-noise/noise.rs" "$guests/noise.wasm"

echo "Rust: noise reference (the e27f0eb guest, test fixture)"
rust_guest s "$here/rust-noise/reference/noise_reference.rs" "$fixtures/noise_reference.wasm"

echo "Rust: WASI sandbox probe (test fixture, tag 0x60 -> 0x61)"
rust_guest s "$here/rust-sandbox-probe/probe.rs" "$fixtures/sandbox_probe.wasm"

echo "Rust: classifier (ABI v3 + WASI-NN, wasm32-wasi, tag 0x40 -> 0x42 / 0x4E)"
rust_guest 3 "$here/rust-classifier/classifier.rs" "$nn_guests/classifier_rust.wasm"

echo "TinyGo: Go guests on YoMo's own Go SDK (yomo v1.18.0), test fixtures"
# The same command `yomo build` runs. Needs TinyGo 0.30 and YOMO_SDK: see tinygo-sfn/bootstrap-tinygo.sh.
if command -v tinygo > /dev/null && [ -d "${YOMO_SDK:-}" ]; then
  mkdir -p "$tmp/tinygo-sfn"
  cp -r "$here/tinygo-sfn/go.mod" "$here/tinygo-sfn/uppercase" "$here/tinygo-sfn/httpget" "$tmp/tinygo-sfn/"
  (cd "$tmp/tinygo-sfn" && go mod edit -replace "github.com/yomorun/yomo=$YOMO_SDK")
  for g in uppercase httpget; do
    (cd "$tmp/tinygo-sfn/$g" && GOPROXY=off GOSUMDB=off GOFLAGS=-mod=mod \
      tinygo build -no-debug -target wasi -o "$fixtures/tinygo_$g.wasm" .)
  done
else
  echo "  skipped: no tinygo on PATH or YOMO_SDK unset (the committed .wasm files stay)"
fi

echo "WAT fixtures"
for wat in "$here"/wat/*.wat; do
  wat2wasm "$wat" -o "$fixtures/$(basename "${wat%.wat}").wasm"
done
echo "WASI-NN probe and unserved import (flink-wasm-nn test fixtures)"
for wat in "$here"/wat-nn/*.wat; do
  wat2wasm "$wat" -o "$nn_fixtures/$(basename "${wat%.wat}").wasm"
done
echo "Benchmark call-overhead probes (benchmarks module resources)"
bench="$here/../benchmarks/src/main/resources/dev/flinkyomo/benchmarks/wasm"
mkdir -p "$bench"
for wat in "$here"/bench/*.wat; do
  wat2wasm "$wat" -o "$bench/$(basename "${wat%.wat}").wasm"
done
# A module that is not valid Wasm: right magic and version, then a section that claims 255 bytes.
printf '\000asm\001\000\000\000\001\377\001\140' > "$fixtures/malformed.wasm"

ls -l "$guests" "$fixtures" "$nn_guests" "$nn_fixtures"
