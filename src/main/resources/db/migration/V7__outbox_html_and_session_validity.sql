-- The HTML part of each sent email, secrets masked like body_text, so that an operator sees the message as the
-- customer received it.
ALTER TABLE mail_outbox ADD COLUMN body_html TEXT;

-- Sessions of an account opened before this instant are over: set when the password changes, is reset or the
-- credentials are reissued (a NULL-safe check, unlike comparing password_changed_at, which a reissue sets to NULL).
ALTER TABLE portal_accounts ADD COLUMN sessions_valid_after TIMESTAMP WITH TIME ZONE;
-- Same for operators.
ALTER TABLE operators ADD COLUMN sessions_valid_after TIMESTAMP WITH TIME ZONE;
