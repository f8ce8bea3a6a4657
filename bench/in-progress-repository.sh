#!/usr/bin/env bash
# The inbox consumer's in-progress repository alone: Camel's default LRU cache against the plain map the inbox uses,
# per 20,000 different files. See bench/README.md.
#   bench/in-progress-repository.sh 120000     # Camel's default takes minutes per 20,000 past 100,000 files
set -euo pipefail
cd "$(dirname "$0")/.."
out_dir=target/bench
mkdir -p "$out_dir"
./mvnw ${MVN_ARGS:--B -q} test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$out_dir/test.cp"
exec timeout --kill-after=30s "${BENCH_TIMEOUT:-30m}" "${JAVA:-java}" -Xmx512m \
    -cp "target/test-classes:target/classes:$(cat "$out_dir/test.cp")" \
    co.entrega.bench.InProgressRepositoryBenchmark "${1:-120000}"
