#!/usr/bin/env bash
# Emails per second through the mail outbox to a local SMTP server, then to a slow relay with 1, 4, 8 and 16 senders,
# each with its floor (the same messages over one reused connection). See bench/README.md.
#   bench/mail.sh                      # 1,000 invoices (plus each new customer's two credential emails); 300 emails
#                                      # per slow-relay run, 20 ms per SMTP command, senders 1,4,8,16
#   bench/mail.sh 5000 500 20 1,8,16
set -euo pipefail
source "$(dirname "$0")/run-class.sh"
run_class test-compile 30m 1g co.entrega.bench.MailOutboxBenchmark "${1:-1000}" "${2:-300}" "${3:-20}" "${4:-1,4,8,16}"
