package co.entrega.provisioning;

import java.time.OffsetDateTime;

/**
 * What login needs to know of a portal account.
 *
 * @param temporaryPassword the password on record is the emailed temporary one (never changed since): it is valid
 *                          only together with the account's unused, unexpired activation URL
 * @param passwordChangedAt when the customer last chose a password (null: never); a session opened before that is over
 */
public record LoginAccount(long id, long customerId, String username, String passwordHash, boolean mustChangePassword,
                           boolean locked, boolean temporaryPassword, OffsetDateTime passwordChangedAt) {
}
