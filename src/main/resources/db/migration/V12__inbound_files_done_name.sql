-- Where each processed file went in the inbox's .done folder: <yyyyMMdd>/<HHmmssSSS>-<name>, decided when the file
-- was taken (InboxIntake) and recorded with it. The .done audit (DoneFolderAudit) takes again any file there whose
-- done name has no row: its commit was lost. Null for files taken before this version (the audit then looks for the
-- original name) and for quarantine reprocessing, which takes no file from the inbox.
ALTER TABLE inbound_files ADD COLUMN done_name VARCHAR(1000);
-- The audit's lookups: by done name, and (done_name IS NULL) by original name for files taken before this version.
CREATE INDEX ix_inbound_files_done_name ON inbound_files (done_name, original_name);
