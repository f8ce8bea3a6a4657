package co.entrega.notification;

/** This invoice cannot be notified as it stands (e.g. the email on record is not an address); skip it this run. */
class InvoiceNotNotifiableException extends RuntimeException {

    InvoiceNotNotifiableException(String message) {
        super(message);
    }
}
