#!/usr/bin/env bash
# The inbox consumer's in-progress repository alone: Camel's default LRU cache against the plain map the inbox uses,
# per 20,000 different files. See bench/README.md.
#   bench/in-progress-repository.sh 120000     # Camel's default takes minutes per 20,000 past 100,000 files
set -euo pipefail
source "$(dirname "$0")/run-class.sh"
run_class test-compile 30m 512m co.entrega.bench.InProgressRepositoryBenchmark "${1:-120000}"
