#!/usr/bin/env bash
# Builds the wasm probe (simd128), shrinks a copy with wasm-opt -Oz, prints its sizes and times
# it in Node on the model file (scripts/model builds that).
set -euo pipefail
cd "$(dirname "$0")"
root=../..
export PATH="$HOME/.cargo/bin:$PWD/$root/node_modules/.bin:$PATH"
RUSTFLAGS="-C target-feature=+simd128" cargo build -q --release --target wasm32-unknown-unknown
wasm=target/wasm32-unknown-unknown/release/composure_model_wasm_probe.wasm
files=("$wasm")
if command -v wasm-opt >/dev/null; then # npm's binaryen (scripts/setup installs it)
  wasm-opt -Oz --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals "$wasm" -o target/probe-oz.wasm
  files+=(target/probe-oz.wasm)
else
  echo "no wasm-opt (run scripts/setup for npm's binaryen): sizes before wasm-opt only"
fi
for f in "${files[@]}"; do
  printf '%s: %s bytes, %s gzip -9\n' "$(basename "$f")" "$(wc -c <"$f")" "$(gzip -9c "$f" | wc -c)"
done
node run.mjs "$wasm" $root/target/model/composure-use-m.bin
