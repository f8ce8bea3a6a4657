#!/usr/bin/env bash
# Ingestion benchmark: builds what it needs (only when sources changed), then runs every scenario and prints a
# Markdown table. See bench/README.md.
#
#   bench/ingest.sh                                   # H2 and PostgreSQL, N = 1,000 / 10,000 / 20,000
#   bench/ingest.sh --databases h2 --sizes 10000      # one scenario
#   bench/ingest.sh --sizes 10000 --profile           # plus a JFR profile per scenario (profile.txt)
#   bench/ingest.sh --service-arg '--entrega.inbox.uri=file:/x/inbox?greedy=true'   # try a setting
#
# Environment: MVN_ARGS (default "-B -q"; add -o to build offline), BENCH_TIMEOUT (hard limit of the whole run,
# default 40m), JAVA (default: java on PATH).
set -euo pipefail

cd "$(dirname "$0")/.."
project=$(pwd)
out_dir=target/bench
stamp=$out_dir/.built
mkdir -p "$out_dir"

# Build when the stamp is missing or any source, route, config or the pom is newer than it.
if [[ ! -f $stamp || ! -f $out_dir/runtime.cp || ! -f $out_dir/test.cp ]] \
    || [[ -n $(find pom.xml src -newer "$stamp" -print -quit) ]]; then
  echo "Building (test-compile, classpaths) ..." >&2
  # shellcheck disable=SC2086
  ./mvnw ${MVN_ARGS:--B -q} test-compile dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile="$out_dir/test.cp"
  # shellcheck disable=SC2086
  ./mvnw ${MVN_ARGS:--B -q} dependency:build-classpath \
      -Dmdep.includeScope=runtime -Dmdep.outputFile="$out_dir/runtime.cp"
  touch "$stamp"
fi

# The service runs on its runtime classpath only (what production has); the harness on the test classpath
# (embedded PostgreSQL, the sample generator).
service_cp="$project/target/classes:$(cat "$out_dir/runtime.cp")"
harness_cp="$project/target/test-classes:$project/target/classes:$(cat "$out_dir/test.cp")"

defaults=(--databases h2,postgres --sizes 1000,10000,20000 --budget-minutes 25)
exec timeout --kill-after=30s "${BENCH_TIMEOUT:-40m}" "${JAVA:-java}" -Xmx2g -cp "$harness_cp" \
    co.entrega.bench.IngestionBenchmark --project-dir "$project" --service-classpath "$service_cp" \
    "${defaults[@]}" "$@"
