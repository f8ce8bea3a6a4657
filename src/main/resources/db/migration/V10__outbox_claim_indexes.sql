-- The outbox claim (MailOutbox.claimDue) reads the oldest due emails, up to a batch, and checks for each that no
-- credential email of the same customer or account is still waiting before it. Before these indexes every claim read
-- and sorted the whole backlog, and H2 checked each candidate against every earlier email of its customer: ingest +
-- notify of 10,000 invoices sent ~10 emails/s, falling as the backlog grew (bench/ingest-notify.sh).

-- The oldest PENDING (or stale SENDING) emails in id order: both databases walk it and stop at the batch size. It
-- replaces (status, next_attempt_at, id), which H2 preferred and which made it read and sort every due email.
DROP INDEX ix_mail_outbox_due;
CREATE INDEX ix_mail_outbox_status_id ON mail_outbox (status, id);
-- "an activation (or password) email of this customer still waits before this one"
CREATE INDEX ix_mail_outbox_customer_kind ON mail_outbox (customer_id, kind, id);
-- "this password email's own activation email" (and whether a newer one was queued since)
CREATE INDEX ix_mail_outbox_account_kind ON mail_outbox (account_id, kind, id);
