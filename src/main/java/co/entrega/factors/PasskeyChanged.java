package co.entrega.factors;

/**
 * A passkey was registered or removed. Published in the transaction that stores the change, so what a listener
 * writes (a notice email queued, an audit entry) commits with it or not at all.
 */
public record PasskeyChanged(Realm realm, String username, String label, String credentialId, boolean added) {
}
