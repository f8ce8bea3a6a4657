package co.entrega.evidence;

import java.io.IOException;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The invoices whose tacit acceptance is due, for the ERP to register their 034: RFC 4180 (comma, CRLF, quotes where
 * needed), a header row, dates as ISO yyyy-MM-dd, one row per invoice.
 */
final class TacitAcceptanceCsv {

    static final String[] HEADER = {"numero_factura", "cufe", "nit_adquiriente", "nombre_adquiriente",
            "fecha_recibo_032", "fecha_aceptacion_tacita"};

    private TacitAcceptanceCsv() {
    }

    static void write(List<BuyerEvents.TacitAcceptanceDue> due, Appendable out) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader(HEADER).get();
        // Not closed: the stream is the caller's (closing the printer would close it).
        CSVPrinter printer = new CSVPrinter(out, format);
        for (BuyerEvents.TacitAcceptanceDue invoice : due) {
            printer.printRecord(invoice.invoiceNumber(), invoice.cufe(), invoice.buyerNit(), invoice.buyerName(),
                    invoice.goodsReceivedOn(), invoice.tacitAcceptanceOn());
        }
        printer.flush();
    }
}
