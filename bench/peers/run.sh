#!/usr/bin/env bash
# Runs the peers harness (../shared/bench-peers: DuckDB-WASM, PapaParse,
# d3-dsv, Arquero, Perspective in headless Chromium, interleaved, fresh
# browser per job) with our engine added as the tool `custdash`.
#
#   bench/peers/run.sh                      # 1M rows: floor,papaparse,duckdb,custdash, 3 reps
#   bench/peers/run.sh --variant eu --tools papaparse,duckdb,custdash --reps 5
#
# Arguments go to the harness's run.mjs; ratios are against custdash unless
# --ref says otherwise. The harness is copied into target/bench-peers (its
# npm packages installed there once, its data generated there when absent)
# so the shared folder is left as it is. BENCH_PEERS points elsewhere.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
SRC="${BENCH_PEERS:-$ROOT/../shared/bench-peers}"
WORK="$ROOT/target/bench-peers"
say() { printf '\033[1m[peers]\033[0m %s\n' "$*"; }

[ -f "$SRC/run.mjs" ] || { echo "no peers harness at $SRC (set BENCH_PEERS)" >&2; exit 1; }
mkdir -p "$WORK/data"
for f in run.mjs build.mjs server.mjs harness.html gen.py package.json package-lock.json; do
  cp "$SRC/$f" "$WORK/"
done
rm -rf "$WORK/src" && cp -r "$SRC/src" "$WORK/src"
cp "$ROOT/bench/peers/tool-custdash.js" "$WORK/src/"
# The harness's own Rust reference (tool rustwasm), if built as its README says.
ln -sfn "$SRC/rust" "$WORK/rust"

if [ ! -f "$WORK/node_modules/.package-lock.json" ] || [ "$WORK/package-lock.json" -nt "$WORK/node_modules/.package-lock.json" ]; then
  say "installing the harness's npm packages (once)"
  (cd "$WORK" && npm ci --no-audit --no-fund)
fi

# The data file run.mjs will ask for, generated as the harness's make_data.sh does.
ARGS=("$@")
rows=1000000 variant=us file=
for ((i = 0; i < ${#ARGS[@]}; i++)); do
  case "${ARGS[$i]}" in
    --rows) rows="${ARGS[$((i + 1))]}" ;;
    --variant) variant="${ARGS[$((i + 1))]}" ;;
    --file) file="${ARGS[$((i + 1))]}" ;;
  esac
done
if [ -z "$file" ]; then
  case "$rows" in 100000) tag=100k ;; 1000000) tag=1m ;; 5000000) tag=5m ;; *) tag=$rows ;; esac
  file="data/retail_${tag}$([ "$variant" = us ] || echo "_$variant").csv"
  if [ ! -f "$WORK/$file" ]; then
    if [ -f "$SRC/$file" ]; then
      cp "$SRC/$file" "$WORK/$file"
    else
      say "generating $file"
      gen=(--rows "$rows" -o "$WORK/$file")
      [ "$variant" = eu ] && gen+=(--format eu)
      [ "$variant" = noquote ] && gen+=(--quote-rate 0)
      python3 "$WORK/gen.py" "${gen[@]}"
    fi
  fi
fi

say "building our engine for the page (wasm32, release)"
cargo build --locked --release -q -p peers-job --target wasm32-unknown-unknown
(cd "$WORK" && node build.mjs)
mkdir -p "$WORK/dist/custdash"
wasm-bindgen --target web --out-dir "$WORK/dist/custdash" "$ROOT/target/wasm32-unknown-unknown/release/peers_job.wasm"
# As trunk does for the app's worker (index.html: data-wasm-opt="3", data-wasm-opt-params).
wasm-opt -O3 -ocimfs 500 "$WORK/dist/custdash/peers_job_bg.wasm" -o "$WORK/dist/custdash/peers_job_bg.wasm"

has_tools=0 has_ref=0
for a in "$@"; do
  [ "$a" = --tools ] && has_tools=1
  [ "$a" = --ref ] && has_ref=1
done
extra=()
[ $has_tools = 1 ] || extra+=(--tools floor,papaparse,duckdb,custdash)
[ $has_ref = 1 ] || extra+=(--ref custdash)
grep -q -- '--reps' <<<"$*" || extra+=(--reps 3)
cd "$WORK"
node run.mjs "${extra[@]}" "$@"
# Our own steps, which the harness's table does not show.
latest=$(ls -t results/*.jsonl | head -1)
node -e '
const recs = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse)
  .filter((r) => r.tool === "custdash" && r.ok);
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[(s.length - 1) >> 1].toFixed(0) : "-"; };
if (recs.length) console.log(`custdash: to the card ${med(recs.map((r) => r.extra.cardMs))} ms, then text encoded ${med(recs.map((r) => r.extra.encodeMs))} ms (median of ${recs.length}); role ${recs[0].extra.role}; ${recs[0].extra.types}`);
' "$latest"
