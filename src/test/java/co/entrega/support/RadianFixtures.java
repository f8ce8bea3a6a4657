package co.entrega.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;

/**
 * The RADIAN event fixtures of {@code src/test/resources/radian} (see its README), filled in: an event of one of the
 * codes 030 to 034 (or DIAN's validation, 02) on an invoice, bare or inside its AttachedDocument.
 */
public final class RadianFixtures {

    /** The fixture file of each code. */
    private static final Map<String, String> FILES = Map.of(
            "030", "030-acuse-de-recibo.xml",
            "031", "031-reclamo.xml",
            "032", "032-recibo-del-bien.xml",
            "033", "033-aceptacion-expresa.xml",
            "034", "034-aceptacion-tacita.xml",
            "02", "02-validacion-dian.xml");
    private static final String DIAN_NIT = "800197268";
    private static final String DIAN_DV = "4";
    private static final String DIAN_NAME = "Unidad Especial Dirección de Impuestos y Aduanas Nacionales";

    private RadianFixtures() {
    }

    /**
     * What fills a fixture: the invoice it is about, its buyer and issuer, and the event's own number, CUDE, date and
     * time. The buyer sends 030 to 033; the issuer sends 034; DIAN sends its validation (02).
     */
    public record Event(String code, String invoiceNumber, String cufe, String buyerNit, String buyerDv,
                        String buyerName, String issuerNit, String issuerDv, String issuerName, String number,
                        String cude, LocalDate date, LocalTime time) {

        public Event withCode(String code) {
            return new Event(code, invoiceNumber, cufe, buyerNit, buyerDv, buyerName, issuerNit, issuerDv, issuerName,
                    numberFor(code, invoiceNumber), cudeOf(code, invoiceNumber, cufe, date), date, time);
        }

        public Event withBuyer(String nit, String dv, String name) {
            return new Event(code, invoiceNumber, cufe, nit, dv, name, issuerNit, issuerDv, issuerName, number, cude,
                    date, time);
        }

        public Event withIssuer(String nit, String dv, String name) {
            return new Event(code, invoiceNumber, cufe, buyerNit, buyerDv, buyerName, nit, dv, name, number, cude,
                    date, time);
        }

        public Event withInvoice(String invoiceNumber, String cufe) {
            return new Event(code, invoiceNumber, cufe, buyerNit, buyerDv, buyerName, issuerNit, issuerDv, issuerName,
                    number, cude, date, time);
        }

        /** Another event (number and CUDE) of the same code, as a second, different event would be. */
        public Event withNumber(String number) {
            return new Event(code, invoiceNumber, cufe, buyerNit, buyerDv, buyerName, issuerNit, issuerDv, issuerName,
                    number, sha384(number + cude), date, time);
        }

        public Event withDate(LocalDate date) {
            return new Event(code, invoiceNumber, cufe, buyerNit, buyerDv, buyerName, issuerNit, issuerDv, issuerName,
                    number, cudeOf(code, invoiceNumber, cufe, date), date, time);
        }

        String senderNit() {
            return switch (code) {
                case "034" -> issuerNit;
                case "02" -> DIAN_NIT;
                default -> buyerNit;
            };
        }

        String senderDv() {
            return switch (code) {
                case "034" -> issuerDv;
                case "02" -> DIAN_DV;
                default -> buyerDv;
            };
        }

        String senderName() {
            return switch (code) {
                case "034" -> issuerName;
                case "02" -> DIAN_NAME;
                default -> buyerName;
            };
        }
    }

    /** An event of that code on the sample invoice: Intertec S.A.S. invoicing one of its customers. */
    public static Event on(SampleInvoiceGenerator.Spec invoice, String code, LocalDate date) {
        return new Event(code, invoice.number(), invoice.cufe(), invoice.customerNit(), invoice.customerCheckDigit(),
                invoice.customerName(), invoice.supplierNit(), invoice.supplierCheckDigit(), invoice.supplierName(),
                numberFor(code, invoice.number()), cudeOf(code, invoice.number(), invoice.cufe(), date), date,
                LocalTime.of(10, 15, 30));
    }

    /** The bare ApplicationResponse. */
    public static byte[] bare(Event event) {
        return fill(template(FILES.get(event.code())), event).getBytes(StandardCharsets.UTF_8);
    }

    /** The AttachedDocument carrying the ApplicationResponse, with DIAN's validation of it. */
    public static byte[] attached(Event event) {
        String inner = fill(template(FILES.get(event.code())), event);
        return fill(template("attached-document.xml"), event).replace("{{EVENT_XML}}", inner)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String fill(String template, Event e) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("INVOICE_NUMBER", e.invoiceNumber());
        values.put("CUFE", e.cufe());
        values.put("BUYER_NIT", e.buyerNit());
        values.put("BUYER_DV", e.buyerDv() == null ? "" : e.buyerDv());
        values.put("BUYER_NAME", escape(e.buyerName()));
        values.put("ISSUER_NIT", e.issuerNit());
        values.put("ISSUER_DV", e.issuerDv());
        values.put("ISSUER_NAME", escape(e.issuerName()));
        values.put("SENDER_NIT", e.senderNit());
        values.put("SENDER_DV", e.senderDv() == null ? "" : e.senderDv());
        values.put("SENDER_NAME", escape(e.senderName()));
        values.put("EVENT_NUMBER", e.number());
        values.put("CUDE", e.cude());
        values.put("DATE", e.date().toString());
        values.put("TIME", e.time().toString());
        String filled = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            filled = filled.replace("{{" + value.getKey() + "}}", value.getValue());
        }
        return filled;
    }

    private static String template(String name) {
        try (InputStream in = RadianFixtures.class.getResourceAsStream("/radian/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture /radian/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String numberFor(String code, String invoiceNumber) {
        return "EV" + code + "-" + invoiceNumber;
    }

    private static String cudeOf(String code, String invoiceNumber, String cufe, LocalDate date) {
        return sha384(code + invoiceNumber + cufe + date);
    }

    private static String sha384(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-384")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;");
    }
}
