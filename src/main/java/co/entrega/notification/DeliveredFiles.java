package co.entrega.notification;

/**
 * What an invoice email delivered, for its proof of delivery: the ZIP attached (name, size and SHA-256 of the bytes
 * sent; all null when only the link went, and then {@code note} says why), and the SHA-256 of the XML and the PDF as
 * read for it.
 */
record DeliveredFiles(String attachmentName, Long attachmentSize, String attachmentSha256, String xmlSha256,
                      String pdfSha256, String note) {
}
