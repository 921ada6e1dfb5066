#!/usr/bin/env bash
# Native ingest benchmark: generates order-line CSVs of 100k and 1M rows (and
# a 1M European-format one) into bench/data, then runs the bench.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/data
cargo build --locked --release -q -p demogen
for spec in "100000 orders_100k.csv us" "1000000 orders_1m.csv us" "1000000 orders_1m_eu.csv eu"; do
  set -- $spec
  [ -f "bench/data/$2" ] || ./target/release/demogen orders --rows "$1" --out "bench/data/$2" --format "$3"
done
[ -f bench/data/orders_1m_100k_customers.csv ] || ./target/release/demogen orders --rows 1000000 --customers 106000 --out bench/data/orders_1m_100k_customers.csv
ls -l bench/data
cargo bench --locked -q -p analytics --bench ingest_throughput
cargo bench --locked -q -p analytics --bench kpi_query
cargo bench --locked -q -p analytics --bench segments
