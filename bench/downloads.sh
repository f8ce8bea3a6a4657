#!/usr/bin/env bash
# DESCARGAS PENDIENTES of 1,000 documents (100 KB PDF + 2 KB XML each) over HTTP: MB/s and heap, and the floor (the
# same files zipped in a plain loop) measured in the same run. See bench/README.md.
#   bench/downloads.sh                       # H2, 1,000 documents, 100 KB, best of 5
#   bench/downloads.sh postgres 1000 100 5   # the same on PostgreSQL 14 (embedded-postgres)
set -euo pipefail
source "$(dirname "$0")/run-class.sh"
run_class test-compile 20m 512m co.entrega.bench.PendingDownloadsBenchmark "${1:-h2}" "${2:-1000}" "${3:-100}" "${4:-5}"
