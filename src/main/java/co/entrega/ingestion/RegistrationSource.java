package co.entrega.ingestion;

/**
 * Where a document being registered came from.
 *
 * @param inboundFileId the file that carried the XML
 * @param xmlDocumentId the XML as received (the AttachedDocument when that is what came)
 * @param pdfDocumentId its PDF, or null when none came
 * @param pairKey       the XML's base name, lower-cased, to attach a PDF that arrives late
 */
record RegistrationSource(long inboundFileId, String xmlDocumentId, String pdfDocumentId, String pairKey) {
}
