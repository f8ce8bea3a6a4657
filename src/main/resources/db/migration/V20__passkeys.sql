-- Passkeys (WebAuthn credentials) of customers and operators, as Spring Security's WebAuthn support keeps them, with
-- the realm the account is in: a customer's passkey never opens the console, nor an operator's the portal. Binary
-- values are base64url text, the same on H2 and PostgreSQL. Owned by the factors feature.
CREATE TABLE passkey_users (
    -- the WebAuthn user handle: random, not the username (it is stored on the authenticator)
    user_handle VARCHAR(128) PRIMARY KEY,
    realm VARCHAR(16) NOT NULL,
    username VARCHAR(255) NOT NULL,
    display_name VARCHAR(255) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_passkey_users_username UNIQUE (realm, username)
);

CREATE TABLE passkeys (
    -- a credential id is at most 1,023 bytes: 1,364 characters of base64url
    credential_id VARCHAR(1400) PRIMARY KEY,
    realm VARCHAR(16) NOT NULL,
    user_handle VARCHAR(128) NOT NULL REFERENCES passkey_users (user_handle),
    -- the COSE public key
    public_key VARCHAR(4000) NOT NULL,
    signature_count BIGINT NOT NULL,
    uv_initialized BOOLEAN NOT NULL,
    backup_eligible BOOLEAN NOT NULL,
    backup_state BOOLEAN NOT NULL,
    transports VARCHAR(200) NOT NULL,
    credential_type VARCHAR(40) NOT NULL,
    -- as registered: webauthn4j reads the credential's data from them at each login
    attestation_object VARCHAR(16000) NOT NULL,
    attestation_client_data_json VARCHAR(8000) NOT NULL,
    -- the name its owner gave it ("Teléfono de Ana")
    label VARCHAR(200) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_passkeys_user ON passkeys (user_handle);
