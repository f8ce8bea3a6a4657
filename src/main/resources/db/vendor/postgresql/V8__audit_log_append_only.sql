-- PostgreSQL only (Flyway location db/vendor/{vendor}): the audit log refuses UPDATE and DELETE, whoever asks.
-- (db/vendor/h2/V8 is its H2 counterpart: H2 has no SQL triggers.)
CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
