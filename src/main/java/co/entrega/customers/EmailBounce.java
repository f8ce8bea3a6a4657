package co.entrega.customers;

import java.time.OffsetDateTime;

/**
 * The customer's address on record bounced: an email to it came back with this reason. It stops counting once the
 * address is no longer on record (an operator or the customer master changed it).
 */
public record EmailBounce(String address, OffsetDateTime at, String reason) {
}
