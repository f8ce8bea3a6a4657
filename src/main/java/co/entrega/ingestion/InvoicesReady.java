package co.entrega.ingestion;

/**
 * Published (after commit) when invoices become ready to notify: newly registered with an email on record, or
 * released from "sin correo" by the customer master. Notification listens to run its job soon.
 */
public record InvoicesReady(int count) {
}
