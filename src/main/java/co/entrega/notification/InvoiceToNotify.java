package co.entrega.notification;

/** A registered invoice not yet notified, with its customer's NIT and email on record. */
record InvoiceToNotify(long invoiceId, long customerId, String customerNit, String email) {
}
