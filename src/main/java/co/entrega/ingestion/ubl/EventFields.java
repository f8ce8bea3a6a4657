package co.entrega.ingestion.ubl;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import co.entrega.ingestion.BuyerEvent;
import co.entrega.ingestion.BuyerEventCode;
import co.entrega.ingestion.ClaimConcept;

/**
 * Turns the scanned values of an ApplicationResponse into a {@link BuyerEvent}, or says why it is not one: DIAN's own
 * validation of a document (code 02, or 04 for a rejection), a title-value event (035 to 051) and any other code are
 * not the buyer's word on an invoice.
 */
final class EventFields {

    /** What DIAN itself answers: its validation of a document, which the AttachedDocument also carries. */
    private static final Set<String> DIAN_VALIDATION = Set.of("02", "04");
    private static final String BUYER_EVENTS = "030 acuse de recibo, 031 reclamo, 032 recibo del bien o prestación"
            + " del servicio, 033 aceptación expresa, 034 aceptación tácita";

    private EventFields() {
    }

    static BuyerEvent toEvent(ScannedXml xml, boolean fromAttachedDocument) throws UblRejectedException {
        BuyerEventCode code = code(xml);
        String cude = xml.text(UblPaths.UUID);
        if (cude == null) {
            throw new UblRejectedException("MISSING_CUDE", "Falta el CUDE del evento (cbc:UUID)");
        }
        String number = xml.text(UblPaths.ID);
        if (number == null) {
            throw new UblRejectedException("MISSING_NUMBER", "Falta el número del evento (cbc:ID)");
        }
        String issueDateText = xml.text(UblPaths.ISSUE_DATE);
        if (issueDateText == null) {
            throw new UblRejectedException("MISSING_ISSUE_DATE", "Falta la fecha del evento (cbc:IssueDate)");
        }
        LocalDate issueDate = UblFields.date(issueDateText);
        LocalTime issueTime = UblFields.time(xml.text(UblPaths.ISSUE_TIME));
        String invoiceCufe = xml.text(UblPaths.REFERENCED_INVOICE_UUID);
        if (invoiceCufe == null) {
            throw new UblRejectedException("MISSING_INVOICE_CUFE", "Falta el CUFE de la factura a la que se refiere"
                    + " el evento (cac:DocumentResponse/cac:DocumentReference/cbc:UUID)");
        }
        Party sender = UblFields.party(xml, UblPaths.SENDER);
        if (sender.nit() == null) {
            throw new UblRejectedException("MISSING_SENDER_NIT",
                    "Falta el NIT de quien envía el evento (cac:SenderParty/cac:PartyTaxScheme/cbc:CompanyID)");
        }
        Party receiver = UblFields.party(xml, UblPaths.RECEIVER);
        ClaimConcept concept = code == BuyerEventCode.CLAIM ? claimConcept(xml) : null;
        return new BuyerEvent(code, concept, number, UblFields.lowerIfHex(cude),
                xml.first(UblPaths.UUID).attribute("schemeName"), issueDate, issueTime, notes(xml), sender.nit(),
                sender.checkDigit(), sender.displayName(), receiver.nit(), receiver.displayName(),
                xml.text(UblPaths.REFERENCED_INVOICE_ID), UblFields.lowerIfHex(invoiceCufe), fromAttachedDocument);
    }

    private static BuyerEventCode code(ScannedXml xml) throws UblRejectedException {
        List<String> codes = xml.all(UblPaths.RESPONSE_CODE::equals).stream().map(ScannedXml.Value::normalized)
                .filter(c -> c != null).toList();
        if (codes.isEmpty()) {
            throw new UblRejectedException("MISSING_RESPONSE_CODE", "Falta el código del evento"
                    + " (cac:DocumentResponse/cac:Response/cbc:ResponseCode)");
        }
        if (codes.size() > 1) {
            // DIAN's status of an invoice lists every event in one response; a delivery carries one event.
            throw new UblRejectedException("SEVERAL_EVENTS", "El ApplicationResponse trae " + codes.size()
                    + " respuestas (" + String.join(", ", codes) + "); se espera un evento por archivo");
        }
        String code = codes.get(0);
        Optional<BuyerEventCode> event = BuyerEventCode.of(code);
        if (event.isPresent()) {
            return event.get();
        }
        String why;
        if (DIAN_VALIDATION.contains(code)) {
            why = "es la respuesta de validación de la DIAN (código " + code + ", documento "
                    + (code.equals("02") ? "validado" : "rechazado") + "), no un evento del adquiriente";
        } else if (code.matches("0(3[5-9]|4\\d|5[01])")) {
            why = "es un evento de la factura como título valor (código " + code
                    + "), no uno del adquiriente sobre la factura";
        } else {
            why = "trae el código '" + code + "', que no es un evento del adquiriente";
        }
        throw new UblRejectedException("NOT_BUYER_EVENT", "El ApplicationResponse " + why
                + "; se esperan los eventos " + BUYER_EVENTS);
    }

    /**
     * The concept of a claim. The annex puts it in the ResponseCode's listID (its text in name); the name alone and a
     * LineResponse are what some software writes instead, and say the same.
     */
    private static ClaimConcept claimConcept(ScannedXml xml) throws UblRejectedException {
        ScannedXml.Value code = xml.first(UblPaths.RESPONSE_CODE);
        List<String> written = new ArrayList<>();
        written.add(code.attribute("listID"));
        written.add(code.attribute("name"));
        written.add(xml.text(UblPaths.LINE_RESPONSE_CODE));
        for (String candidate : written) {
            Optional<ClaimConcept> concept = ClaimConcept.parse(candidate);
            if (concept.isPresent()) {
                return concept.get();
            }
        }
        String found = written.stream().filter(w -> w != null).map(w -> "'" + w + "'")
                .collect(Collectors.joining(", "));
        String list = " (listID del cbc:ResponseCode: 01 documento con inconsistencias, 02 mercancía no entregada"
                + " totalmente, 03 mercancía no entregada parcialmente, 04 servicio no prestado)";
        if (found.isEmpty()) {
            throw new UblRejectedException("MISSING_CLAIM_CONCEPT", "El reclamo (031) no trae su concepto" + list);
        }
        throw new UblRejectedException("INVALID_CLAIM_CONCEPT", "El reclamo (031) trae un concepto que no es de la"
                + " lista: " + found + list);
    }

    private static String notes(ScannedXml xml) {
        Set<String> notes = new LinkedHashSet<>();
        for (ScannedXml.Value note : xml.all(UblPaths.NOTE::equals)) {
            if (note.normalized() != null) {
                notes.add(note.normalized());
            }
        }
        return notes.isEmpty() ? null : String.join("\n", notes);
    }
}
