package co.entrega.ingestion;

/** Where a registered invoice stands; the column {@code invoices.status} holds the name. */
public enum InvoiceStatus {
    /** Registered with an email on record: the notify job takes it. */
    REGISTERED,
    /** Registered, but its customer has no email on record: it waits for one (the master, an operator). */
    SIN_CORREO
}
