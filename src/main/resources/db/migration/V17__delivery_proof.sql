-- The proof of delivery (constancia de entrega) of each email: what the relay said when it took it, where it went,
-- and the SHA-256 of what was attached. Written by the statement that marks the email SENT, so one never exists
-- without the other. sent_at is the time the relay accepted it.

-- the envelope recipients the relay accepted, ", " separated
ALTER TABLE mail_outbox ADD COLUMN delivered_to VARCHAR(1000);
-- the relay's final reply to DATA, e.g. "250 2.0.0 Ok: queued as 4ZxY..."
ALTER TABLE mail_outbox ADD COLUMN relay_reply VARCHAR(1000);
-- the ZIP attached to an invoice email, as sent: its file name, size and SHA-256 (hex); NULL when only the link went
ALTER TABLE mail_outbox ADD COLUMN attachment_name VARCHAR(255);
ALTER TABLE mail_outbox ADD COLUMN attachment_size BIGINT;
ALTER TABLE mail_outbox ADD COLUMN attachment_sha256 VARCHAR(64);
-- the SHA-256 of the invoice's XML and PDF as read for the email (the ZIP's entries when it was attached)
ALTER TABLE mail_outbox ADD COLUMN xml_sha256 VARCHAR(64);
ALTER TABLE mail_outbox ADD COLUMN pdf_sha256 VARCHAR(64);
-- why an invoice email went without its ZIP (over DIAN's 2 MB, attachments turned off), in Spanish, for the console
ALTER TABLE mail_outbox ADD COLUMN attachment_note VARCHAR(1000);
