package co.entrega.factors;

import java.time.Instant;

/** A passkey as its owner's list shows it. {@code id} is the credential id in base64url. */
public record Passkey(String id, String label, Instant created, Instant lastUsed) {
}
