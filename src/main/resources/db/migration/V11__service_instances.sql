-- The running instances of the service (co.entrega.cluster.InstanceRegistry): what a dead instance held (inbox claims,
-- the notify job's lock and run, emails it was sending) is released as soon as it is known dead, not after an expiry.
CREATE TABLE service_instances (
    instance_id VARCHAR(64) NOT NULL,
    host VARCHAR(255) NOT NULL,
    pid BIGINT NOT NULL,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_service_instances PRIMARY KEY (instance_id)
);

-- Which instance is sending an email (status SENDING).
ALTER TABLE mail_outbox ADD COLUMN claimed_by VARCHAR(64);
CREATE INDEX ix_mail_outbox_claimed_by ON mail_outbox (claimed_by);
CREATE INDEX ix_inbox_claims_owner ON inbox_claims (owner);
