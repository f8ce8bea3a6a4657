#!/usr/bin/env bash
# Ingest + notify end to end against the packaged service (folder inbox, real SMTP server), with the floor (the same
# reading, hashing, copying, parsing, inserts and SMTP sends in a straight loop) measured in the same run.
# See bench/README.md.
#   bench/ingest-notify.sh                    # H2, 10,000 invoices
#   bench/ingest-notify.sh postgres 100000    # PostgreSQL 14 (embedded-postgres, synchronous_commit=on)
set -euo pipefail
source "$(dirname "$0")/run-class.sh"
run_class package 180m 2g co.entrega.bench.IngestNotifyBenchmark "${1:-h2}" "${2:-10000}" "${3:-512m}"
