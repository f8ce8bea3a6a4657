package co.entrega.ingestion.ubl;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the scanned values of an Invoice, CreditNote or DebitNote into a {@link UblDocument}, or says what is missing. */
final class UblFields {

    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]+");
    // xs:date and xs:time may carry a zone; DIAN writes times as 10:15:30-05:00. The zone is dropped: Colombia has one.
    private static final Pattern DATE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:Z|[+-]\\d{2}:\\d{2})?");
    private static final Pattern TIME =
            Pattern.compile("(\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?)(?:Z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern ID_WITH_CHECK_DIGIT = Pattern.compile("([\\d.]+)-(\\d)");
    // Deliberately loose: the mail server is the judge; this only keeps obvious garbage ("N/A", "sin correo") out.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,;<>\"]+@[^@\\s,;<>\"]+\\.[^@\\s,;<>\".]{2,}");

    private UblFields() {
    }

    static UblDocument toDocument(ScannedXml xml, boolean fromAttachedDocument) throws UblRejectedException {
        DocumentKind kind = xml.rootKind().documentKind();
        String cufe = xml.text(UblPaths.UUID);
        if (cufe == null) {
            throw new UblRejectedException("MISSING_CUFE", "Falta el CUFE/CUDE (cbc:UUID)");
        }
        if (HEX.matcher(cufe).matches()) {
            cufe = cufe.toLowerCase(Locale.ROOT); // Hex case is an accident of the software that wrote it.
        }
        String number = xml.text(UblPaths.ID);
        if (number == null) {
            throw new UblRejectedException("MISSING_NUMBER", "Falta el número del documento (cbc:ID)");
        }
        String issueDateText = xml.text(UblPaths.ISSUE_DATE);
        if (issueDateText == null) {
            throw new UblRejectedException("MISSING_ISSUE_DATE", "Falta la fecha de emisión (cbc:IssueDate)");
        }
        LocalDate issueDate = date(issueDateText);
        LocalTime issueTime = time(xml.text(UblPaths.ISSUE_TIME));

        Party supplier = party(xml, UblPaths.SUPPLIER);
        if (supplier.nit() == null) {
            throw new UblRejectedException("MISSING_SUPPLIER_NIT", "Falta el NIT del emisor (AccountingSupplierParty)");
        }
        Party customer = party(xml, UblPaths.CUSTOMER);
        if (customer.nit() == null) {
            throw new UblRejectedException("MISSING_CUSTOMER_NIT",
                    "Falta la identificación del adquiriente (AccountingCustomerParty)");
        }

        String total = monetaryTotal(xml, kind);
        ScannedXml.Value payable = xml.first(total + UblPaths.PAYABLE);
        if (payable == null) {
            String element = kind == DocumentKind.DEBIT_NOTE ? "RequestedMonetaryTotal" : "LegalMonetaryTotal";
            throw new UblRejectedException("MISSING_AMOUNT", "Falta el valor a pagar (" + element + "/PayableAmount)");
        }
        BigDecimal payableAmount = amount(total + UblPaths.PAYABLE, payable.normalized());
        String currency = firstNonNull(xml.text(UblPaths.CURRENCY), payable.attribute("currencyID"), "COP");

        UblDocument doc = new UblDocument(kind, typeCode(xml, kind), number, cufe,
                xml.first(UblPaths.UUID).attribute("schemeName"), issueDate, issueTime, supplier, customer,
                emails(xml), payableAmount, currency, xml.text(UblPaths.REFERENCED_ID),
                lowerIfHex(xml.text(UblPaths.REFERENCED_UUID)), fromAttachedDocument, null);
        return withFingerprint(doc, Fingerprint.of(doc, otherTotals(xml, total), xml.lineCount()));
    }

    private static UblDocument withFingerprint(UblDocument d, String fingerprint) {
        return new UblDocument(d.kind(), d.typeCode(), d.number(), d.cufe(), d.cufeScheme(), d.issueDate(),
                d.issueTime(), d.supplier(), d.customer(), d.customerEmails(), d.payableAmount(), d.currency(),
                d.referencedNumber(), d.referencedCufe(), d.fromAttachedDocument(), fingerprint);
    }

    private static String typeCode(ScannedXml xml, DocumentKind kind) {
        String path = switch (kind) {
            case INVOICE -> UblPaths.INVOICE_TYPE_CODE;
            case CREDIT_NOTE -> UblPaths.CREDIT_NOTE_TYPE_CODE;
            case DEBIT_NOTE -> UblPaths.DEBIT_NOTE_TYPE_CODE; // Not in the UBL 2.1 schema, but some software writes it.
        };
        return firstNonNull(xml.text(path), kind.defaultTypeCode());
    }

    /** Debit notes total in RequestedMonetaryTotal; tolerate LegalMonetaryTotal there (and vice versa is not UBL). */
    private static String monetaryTotal(ScannedXml xml, DocumentKind kind) {
        if (kind == DocumentKind.DEBIT_NOTE && xml.first(UblPaths.REQUESTED_TOTAL + UblPaths.PAYABLE) != null) {
            return UblPaths.REQUESTED_TOTAL;
        }
        return UblPaths.LEGAL_TOTAL;
    }

    private static List<String> otherTotals(ScannedXml xml, String total) {
        List<String> totals = new ArrayList<>();
        for (String amount : UblPaths.OTHER_TOTALS) {
            String text = xml.text(total + amount);
            totals.add(text == null ? "" : amount + "=" + normalizedAmountOrRaw(text));
        }
        return totals;
    }

    static Party party(ScannedXml xml, String party) {
        ScannedXml.Value id = null;
        for (String path : UblPaths.PARTY_IDS) {
            id = xml.first(party + path);
            if (id != null) {
                break;
            }
        }
        String nit = null;
        String checkDigit = null;
        String idType = null;
        if (id != null) {
            nit = id.normalized();
            checkDigit = id.attribute("schemeID");
            idType = id.attribute("schemeName");
            Matcher written = ID_WITH_CHECK_DIGIT.matcher(nit);
            if (written.matches()) { // "900123456-7": the check digit written into the number
                nit = written.group(1);
                checkDigit = checkDigit != null ? checkDigit : written.group(2);
            }
        }
        String registrationName = firstNonNull(xml.text(party + UblPaths.LEGAL_ENTITY_NAME),
                xml.text(party + UblPaths.TAX_SCHEME_NAME), personName(xml, party));
        return new Party(nit, checkDigit, idType, registrationName, xml.text(party + UblPaths.PARTY_NAME));
    }

    /** A natural person's name from cac:Person, given names first, as Colombians write it. */
    private static String personName(ScannedXml xml, String party) {
        List<String> parts = new ArrayList<>();
        for (String path : UblPaths.PERSON_NAMES) {
            String part = xml.text(party + path);
            if (part != null) {
                parts.add(part);
            }
        }
        return parts.isEmpty() ? null : String.join(" ", parts);
    }

    private static List<String> emails(ScannedXml xml) {
        Set<String> found = new LinkedHashSet<>();
        List<ScannedXml.Value> values = new ArrayList<>(xml.all(UblPaths.PRIMARY_EMAIL::equals));
        values.addAll(xml.all(path -> UblPaths.isCustomerEmail(path) && !path.equals(UblPaths.PRIMARY_EMAIL)));
        for (ScannedXml.Value value : values) {
            for (String token : value.text().split("[,;\\s]+")) {
                String candidate = token.trim().toLowerCase(Locale.ROOT);
                if (EMAIL.matcher(candidate).matches()) {
                    found.add(candidate);
                }
            }
        }
        return List.copyOf(found);
    }

    static LocalDate date(String text) throws UblRejectedException {
        Matcher m = DATE.matcher(text);
        try {
            if (m.matches()) {
                return LocalDate.parse(m.group(1));
            }
        } catch (DateTimeException impossibleDate) {
            // Falls through to the rejection: 2026-02-30 is as wrong as "30/01/2026".
        }
        throw new UblRejectedException("INVALID_VALUE",
                "Valor inválido en cbc:IssueDate: '" + text + "' (se espera una fecha AAAA-MM-DD)");
    }

    static LocalTime time(String text) throws UblRejectedException {
        if (text == null) {
            return null;
        }
        Matcher m = TIME.matcher(text);
        try {
            if (m.matches()) {
                return LocalTime.parse(m.group(1));
            }
        } catch (DateTimeException impossibleTime) {
            // Falls through to the rejection.
        }
        throw new UblRejectedException("INVALID_VALUE",
                "Valor inválido en cbc:IssueTime: '" + text + "' (se espera una hora HH:MM:SS-05:00)");
    }

    private static BigDecimal amount(String path, String text) throws UblRejectedException {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new UblRejectedException("INVALID_VALUE", "Valor inválido en " + path.replace("cac:", "")
                    .replace("cbc:", "") + ": '" + text + "' (se espera un número con punto decimal, p. ej. 1190000.00)");
        }
    }

    static String normalizedAmountOrRaw(String text) {
        try {
            return new BigDecimal(text).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return text;
        }
    }

    static String lowerIfHex(String value) {
        return value != null && HEX.matcher(value).matches() ? value.toLowerCase(Locale.ROOT) : value;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... candidates) {
        for (T candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}
