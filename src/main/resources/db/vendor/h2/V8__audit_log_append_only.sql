-- H2 counterpart of db/vendor/postgresql/V8 (same version on both, so the Flyway history is the same): H2 has no SQL
-- triggers (only Java ones), so on the embedded demonstration database the append-only rule is the console's alone:
-- it offers no way to change or delete an entry.
COMMENT ON TABLE audit_log IS 'append-only: the console only inserts';
