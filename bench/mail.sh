#!/usr/bin/env bash
# Emails per second through the mail outbox to a local SMTP server. See bench/README.md.
#   bench/mail.sh            # 1,000 invoices (plus each new customer's two credential emails)
#   bench/mail.sh 5000
set -euo pipefail
cd "$(dirname "$0")/.."
out_dir=target/bench
mkdir -p "$out_dir"
./mvnw ${MVN_ARGS:--B -q} test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$out_dir/test.cp"
exec timeout --kill-after=30s "${BENCH_TIMEOUT:-30m}" "${JAVA:-java}" -Xmx1g \
    -cp "target/test-classes:target/classes:$(cat "$out_dir/test.cp")" \
    co.entrega.bench.MailOutboxBenchmark "${1:-1000}"
