-- Several instances on one database.

-- Portal and console sessions (Spring Session JDBC, its own schema), so a load balancer may send any request to any
-- instance and a restarted instance does not log anybody out.
CREATE TABLE SPRING_SESSION (
    PRIMARY_ID CHAR(36) NOT NULL,
    SESSION_ID CHAR(36) NOT NULL,
    CREATION_TIME BIGINT NOT NULL,
    LAST_ACCESS_TIME BIGINT NOT NULL,
    MAX_INACTIVE_INTERVAL INT NOT NULL,
    EXPIRY_TIME BIGINT NOT NULL,
    PRINCIPAL_NAME VARCHAR(100),
    CONSTRAINT SPRING_SESSION_PK PRIMARY KEY (PRIMARY_ID)
);
CREATE UNIQUE INDEX SPRING_SESSION_IX1 ON SPRING_SESSION (SESSION_ID);
CREATE INDEX SPRING_SESSION_IX2 ON SPRING_SESSION (EXPIRY_TIME);
CREATE INDEX SPRING_SESSION_IX3 ON SPRING_SESSION (PRINCIPAL_NAME);

CREATE TABLE SPRING_SESSION_ATTRIBUTES (
    SESSION_PRIMARY_ID CHAR(36) NOT NULL,
    ATTRIBUTE_NAME VARCHAR(200) NOT NULL,
    -- BYTEA: PostgreSQL's type, which H2 accepts too (one script for both)
    ATTRIBUTE_BYTES BYTEA NOT NULL,
    CONSTRAINT SPRING_SESSION_ATTRIBUTES_PK PRIMARY KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME),
    CONSTRAINT SPRING_SESSION_ATTRIBUTES_FK FOREIGN KEY (SESSION_PRIMARY_ID)
        REFERENCES SPRING_SESSION (PRIMARY_ID) ON DELETE CASCADE
);

-- ShedLock: one row per cluster-wide lock (the notify job's); times are the database's, not each machine's.
CREATE TABLE shedlock (
    name VARCHAR(64) NOT NULL,
    lock_until TIMESTAMP NOT NULL,
    locked_at TIMESTAMP NOT NULL,
    locked_by VARCHAR(255) NOT NULL,
    CONSTRAINT pk_shedlock PRIMARY KEY (name)
);

-- Inbox claims: which instance is working on which inbox file (co.entrega.ingestion.InboxClaims). One row per file
-- being processed; renewed by its owner while it works, taken over by another instance once expired.
CREATE TABLE inbox_claims (
    claim_key VARCHAR(1000) NOT NULL,
    owner VARCHAR(200) NOT NULL,
    claimed_at TIMESTAMP NOT NULL,
    renewed_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_inbox_claims PRIMARY KEY (claim_key)
);

-- Camel's JDBC idempotent repository held these claims until now (see InboxClaims for why it no longer does).
DROP TABLE CAMEL_MESSAGEPROCESSED;

-- The same file taken twice (a re-send, or an instance that died between recording a file and moving it out of the
-- inbox) is recognised by its bytes and name.
CREATE INDEX ix_inbound_files_sha256 ON inbound_files (sha256);
