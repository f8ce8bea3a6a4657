-- The console's dashboard charts the last hours: files decided and emails sent per 5 minutes. Each chart is one
-- GROUP BY over an index range of these timestamps, so it reads the last hours' rows, not the tables (1,000,000
-- files, 100,000 emails). NULLs (files waiting, emails not sent) stay out of the range.
CREATE INDEX ix_inbound_files_completed ON inbound_files (completed_at);
CREATE INDEX ix_mail_outbox_sent ON mail_outbox (sent_at);
