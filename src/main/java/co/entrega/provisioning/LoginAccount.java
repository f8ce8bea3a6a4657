package co.entrega.provisioning;

/**
 * What login needs to know of a portal account.
 *
 * @param temporaryPassword the password on record is the emailed temporary one (never changed since): it is valid
 *                          only together with the account's unused, unexpired activation URL
 */
public record LoginAccount(long id, long customerId, String username, String passwordHash, boolean mustChangePassword,
                           boolean locked, boolean temporaryPassword) {
}
