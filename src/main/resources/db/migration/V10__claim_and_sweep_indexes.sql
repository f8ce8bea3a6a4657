-- Queries run over and over while a backlog drains must read what they return, not the backlog
-- (bench/ingest-notify.sh found the first: ingest + notify of 10,000 invoices sent ~10 emails/s on H2).

-- The outbox claim (MailOutbox.claimDue) walks ix_mail_outbox_due (status, next_attempt_at, id) in order and stops at
-- the batch size; it checks each candidate for a credential email of the same customer, or its own activation email,
-- still waiting before it: one index range each, with these.
CREATE INDEX ix_mail_outbox_customer_kind ON mail_outbox (customer_id, kind, id);
CREATE INDEX ix_mail_outbox_account_kind ON mail_outbox (account_id, kind, id);

-- The unpaired-file sweep (InboundFileRepository.findWaitingReceivedBefore): the oldest waiting files, in order.
CREATE INDEX ix_inbound_files_waiting ON inbound_files (status, received_at, id);
