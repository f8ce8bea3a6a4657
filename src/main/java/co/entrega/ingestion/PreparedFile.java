package co.entrega.ingestion;

/**
 * A received file with the work done that needs no database: its type, and for an XML or a ZIP the document parsed
 * (and a ZIP unpacked into the store). Prepared by {@link InboundFileProcessor#prepare} on the inbox's workers, side by
 * side, so the transaction that decides the file does only database work.
 *
 * @param xml for an XML file: the document or why it was rejected; else null
 * @param zip for a ZIP file: what it carries or why it was rejected; else null
 * @param mail for a message from the reception mailbox: what it is, and its attachments prepared; else null
 * @param bug an unexpected error of our own code while preparing: the file is quarantined with it
 */
record PreparedFile(ReceivedFile received, InboundFileType type, UblParsing.Parsed xml, ZipArrival.Contents zip,
                    MailArrival.Contents mail, RuntimeException bug) {

    PreparedFile(ReceivedFile received, InboundFileType type, UblParsing.Parsed xml, ZipArrival.Contents zip,
                 RuntimeException bug) {
        this(received, type, xml, zip, null, bug);
    }
}
