-- The reception mailbox's delivery reports: an email that came back, and the customer address it came back from.

-- BOUNCED emails: when the report says it happened and the remote server's reason
ALTER TABLE mail_outbox ADD COLUMN bounced_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE mail_outbox ADD COLUMN bounce_reason VARCHAR(2000);
-- a delivery report names the email by the Message-ID Entrega set
CREATE INDEX ix_mail_outbox_message_id ON mail_outbox (message_id);

-- the address of the customer's that bounced last (it counts while it is still on record)
ALTER TABLE customers ADD COLUMN email_bounced VARCHAR(320);
ALTER TABLE customers ADD COLUMN email_bounced_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE customers ADD COLUMN email_bounce_reason VARCHAR(1000);
