package co.entrega.provisioning;

/** A customer's portal account, as provisioning sees it. */
public record PortalAccount(long id, long customerId, String username) {
}
