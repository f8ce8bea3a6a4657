package co.entrega.ingestion;

import java.time.OffsetDateTime;

/** The parts of a registered invoice that identity and pairing decisions need. */
record RegisteredInvoice(long id, String number, String fingerprint, boolean pdfMissing, OffsetDateTime registeredAt) {
}
