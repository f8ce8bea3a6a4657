-- The outbox claim (MailOutbox.claimDue) reads the oldest due emails, up to a batch, and checks for each that no
-- credential email of the same customer or account is still waiting before it. Without these indexes every claim read
-- the whole outbox once per candidate: ingest + notify of 10,000 invoices sent ~10 emails/s, falling as the backlog
-- grew (bench/ingest-notify.sh).

-- The oldest PENDING (or stale SENDING) emails in id order, without sorting the backlog.
CREATE INDEX ix_mail_outbox_status_id ON mail_outbox (status, id);
-- "a credential email of this customer still waits before this one"
CREATE INDEX ix_mail_outbox_customer_kind ON mail_outbox (customer_id, kind, id);
-- "this password email's own activation email" (and whether a newer one was queued since)
CREATE INDEX ix_mail_outbox_account_kind ON mail_outbox (account_id, kind, id);
