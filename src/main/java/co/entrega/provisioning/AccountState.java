package co.entrega.provisioning;

import java.time.OffsetDateTime;

/** A portal account as the operators' console shows it. */
public record AccountState(long id, long customerId, String username, boolean locked, boolean mustChangePassword,
                           OffsetDateTime passwordChangedAt, OffsetDateTime activationExpiresAt,
                           OffsetDateTime activationUsedAt) {
}
