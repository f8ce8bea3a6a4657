#!/usr/bin/env bash
# Emails per second through the mail outbox to a local SMTP server. See bench/README.md.
#   bench/mail.sh            # 1,000 invoices (plus each new customer's two credential emails)
#   bench/mail.sh 5000
set -euo pipefail
source "$(dirname "$0")/run-class.sh"
run_class test-compile 30m 1g co.entrega.bench.MailOutboxBenchmark "${1:-1000}"
