#!/usr/bin/env bash
# Build the web page into web/dist/: the library compiled to WebAssembly
# through the binding in web/wasm, wasm-bindgen's JavaScript glue, and the
# page's own files. Host web/dist on any static web server.
#
# Installs what it needs when missing: the wasm32-unknown-unknown target
# (rustup) and a wasm-bindgen CLI of exactly the binding's wasm-bindgen
# version (cargo install). Also checks the binding's formatting and runs
# clippy on the library and the binding for the wasm target.
#
# Exit status: 0 built; 3 a tool could not be installed (prints
# `SKIP: reason`); anything else, the build failed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
crate=web/wasm
dist=web/dist
target_dir=$root/target/web
wasm_target=wasm32-unknown-unknown

skip() {
  echo "SKIP: $*"
  exit 3
}

# The wasm32 target of the toolchain in use.
if ! rustup target list --installed 2>/dev/null | grep -qx "$wasm_target"; then
  command -v rustup >/dev/null || skip "没有 rustup，无法安装 $wasm_target 目标"
  echo "==> rustup target add $wasm_target"
  rustup target add "$wasm_target" || skip "无法安装 $wasm_target 目标（rustup target add 失败）"
fi

# wasm-bindgen's CLI must be the same version as the crate the binding uses.
version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' "$crate/Cargo.lock")
[ -n "$version" ] || { echo "错误：$crate/Cargo.lock 中没有 wasm-bindgen" >&2; exit 1; }
installed() { command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$version" ]; }
if ! installed; then
  echo "==> cargo install wasm-bindgen-cli --version $version"
  # --locked first; a registry that lacks one of its locked dependencies
  # still resolves without it.
  cargo install wasm-bindgen-cli --version "=$version" --locked \
    || cargo install wasm-bindgen-cli --version "=$version" \
    || skip "无法安装 wasm-bindgen-cli $version"
  export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
  installed || skip "安装后找不到 wasm-bindgen $version"
fi

echo "==> checks for $wasm_target"
cargo fmt --check --manifest-path "$crate/Cargo.toml"
# The library as the page compiles it (no `cli` feature), then the binding.
cargo clippy --lib --no-default-features --target "$wasm_target" --target-dir "$target_dir" -- -D warnings
cargo clippy --manifest-path "$crate/Cargo.toml" --target "$wasm_target" --target-dir "$target_dir" -- -D warnings

echo "==> build"
cargo build --manifest-path "$crate/Cargo.toml" --release --target "$wasm_target" --target-dir "$target_dir"
rm -rf "$dist"
mkdir -p "$dist/pkg"
wasm-bindgen --target web --no-typescript --out-dir "$dist/pkg" --out-name reportlint_web \
  "$target_dir/$wasm_target/release/reportlint_web.wasm"
cp web/index.html web/app.js web/style.css "$dist/"
cp examples/draft-report.txt "$dist/example.txt"
echo "==> $dist: $(du -sh "$dist" | cut -f1)（reportlint_web_bg.wasm $(du -h "$dist/pkg/reportlint_web_bg.wasm" | cut -f1)）"
