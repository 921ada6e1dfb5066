#!/usr/bin/env bash
# Runs every test: formatting, lints (native and wasm32), native unit and
# integration tests of the core, a release build of the app, and the
# end-to-end suite in headless Debian Chromium. Installs what is missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

say "cargo fmt --check"
cargo fmt --all -- --check
say "clippy (native)"
cargo clippy --locked --workspace --all-targets -- -D warnings
say "clippy (wasm32 app)"
cargo clippy --locked -p custdash-web -p peers-job --target wasm32-unknown-unknown -- -D warnings
say "native tests"
cargo test --locked --workspace
say "independent RFM check (plain JavaScript against custdash segments)"
node --test tests/independent/
say "trunk build --release"
trunk build --release --locked
say "end-to-end tests (headless Chromium)"
node --test --test-concurrency=1 tests/e2e/
