#!/usr/bin/env bash
# Installs what building, serving and testing need, and skips what is there.
# Sourced by scripts/serve.sh and scripts/test.sh; safe to run on its own.
# Needs only rustup, Node/npm and (for Chromium, as root) apt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# Rust: the toolchain and wasm32 target come from rust-toolchain.toml.
command -v rustup >/dev/null || { echo "rustup is required: https://rustup.rs" >&2; exit 1; }
TOOLCHAIN=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
if ! rustup toolchain list | grep -q "^$TOOLCHAIN"; then
  say "installing Rust $TOOLCHAIN"; rustup toolchain install "$TOOLCHAIN" --profile minimal -c rustfmt -c clippy
fi
if ! rustup +"$TOOLCHAIN" target list --installed | grep -q wasm32-unknown-unknown; then
  say "adding the wasm32 target"; rustup +"$TOOLCHAIN" target add wasm32-unknown-unknown
fi
for comp in rustfmt clippy; do
  rustup +"$TOOLCHAIN" component list --installed | grep -q "^$comp" || rustup +"$TOOLCHAIN" component add "$comp"
done

# trunk, pinned (0.22 needs a newer rustc than ours).
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 8 minutes, once)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# wasm-bindgen-cli at exactly the version Cargo.lock holds (trunk would
# otherwise try to download it). Without --locked: its own lock pins a crate
# the registry here lacks.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG_VERSION" ]; then
  say "installing wasm-bindgen-cli $WBG_VERSION (about 5 minutes, once)"
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

# npm packages from the committed lock: ECharts, wasm-opt (binaryen), playwright-core.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"; npm ci --no-audit --no-fund
fi

# Debian Chromium for the end-to-end tests and benchmarks.
if [ "${SETUP_CHROMIUM:-1}" = 1 ] && ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    say "installing Debian chromium"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install -y chromium chromium-driver'" >&2; exit 1
  fi
fi

# Demo data: generated deterministically, regenerated when the generator changes.
STAMP=public/demo/.generator
GEN_HASH=$(cat crates/demogen/Cargo.toml crates/demogen/src/*.rs | sha256sum | cut -c1-16)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$GEN_HASH" ]; then
  say "generating demo data into public/demo"
  cargo run --locked --release -q -p demogen -- demo --out public/demo
  echo "$GEN_HASH" > "$STAMP"
fi
