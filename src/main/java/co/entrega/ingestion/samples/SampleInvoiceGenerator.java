package co.entrega.ingestion.samples;

import co.entrega.ingestion.ubl.DocumentKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Generates realistic DIAN UBL 2.1 documents (Invoice, CreditNote, DebitNote, AttachedDocument), their PDFs and DIAN
 * style ZIPs from a {@link Spec}. Used to seed demo data and as the fixture generator of the tests, so no third-party
 * invoice ever has to be copied into the project. Output is deterministic: the same spec gives the same bytes.
 *
 * <p>Command line: {@code SampleInvoiceGenerator <dir> <count> [firstSeq]} writes a mix of samples into an inbox.
 */
public final class SampleInvoiceGenerator {

    /** The fixed "today" samples are spread before, so demo data and tests do not depend on the clock. */
    public static final LocalDate REFERENCE_DATE = LocalDate.of(2026, 11, 20);
    public static final String SUPPLIER_NIT = "900123456";
    public static final String SUPPLIER_CHECK_DIGIT = "7";
    public static final String SUPPLIER_NAME = "Intertec S.A.S.";

    private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** Sample customers: companies with their real-algorithm DIAN check digit, and two natural persons (cédula). */
    private static final List<Customer> CUSTOMERS = List.of(
            new Customer("901234567", "7", "Panadería La Espiga Ñ S.A.S.", "compras@laespiga.example.co"),
            new Customer("800987654", "4", "Ferretería El Tornillo Ltda.", "facturas@eltornillo.example.com"),
            new Customer("860012345", "8", "Comercializadora Andina de Café S.A.",
                    "cuentasporpagar@andinacafe.example.co"),
            new Customer("52345678", null, "María José Peña Gutiérrez", "mariajose.pena@example.com"),
            new Customer("900555123", "4", "Distribuidora Médica del Caribe S.A.S.",
                    "recepcion.facturas@medicaribe.example.co"),
            new Customer("1020304050", null, "Jorge Iván Muñoz Ríos", "jorge.munoz@example.com"));

    private record Customer(String nit, String checkDigit, String name, String email) {
    }

    /** How many different customers (each with an email) the samples are addressed to, in turn. */
    public static int customerCount() {
        return CUSTOMERS.size();
    }

    /** How a file is written, to reproduce what different ERPs and providers send. */
    public record Style(boolean crlf, boolean xmlDeclaration, boolean legacyDianNamespace, CustomerNameAt customerNameAt,
                        String encoding /* "UTF-8" or "ISO-8859-1" */,
                        boolean prefixed /* false = default namespace for the root's own elements where feasible */) {

        /** Where the customer's name is written; the other two places are left without it. */
        public enum CustomerNameAt { PARTY_LEGAL_ENTITY, PARTY_TAX_SCHEME, PARTY_NAME }

        /** What most DIAN providers write: UTF-8 with declaration, LF, default namespace root, current namespaces. */
        public static final Style DEFAULT = new Style(false, true, false, CustomerNameAt.PARTY_LEGAL_ENTITY, "UTF-8", false);

        public Style withCrlf(boolean crlf) {
            return new Style(crlf, xmlDeclaration, legacyDianNamespace, customerNameAt, encoding, prefixed);
        }

        public Style withXmlDeclaration(boolean xmlDeclaration) {
            return new Style(crlf, xmlDeclaration, legacyDianNamespace, customerNameAt, encoding, prefixed);
        }

        public Style withLegacyDianNamespace(boolean legacy) {
            return new Style(crlf, xmlDeclaration, legacy, customerNameAt, encoding, prefixed);
        }

        public Style withCustomerNameAt(CustomerNameAt at) {
            return new Style(crlf, xmlDeclaration, legacyDianNamespace, at, encoding, prefixed);
        }

        public Style withEncoding(String encoding) {
            return new Style(crlf, xmlDeclaration, legacyDianNamespace, customerNameAt, encoding, prefixed);
        }

        public Style withPrefixed(boolean prefixed) {
            return new Style(crlf, xmlDeclaration, legacyDianNamespace, customerNameAt, encoding, prefixed);
        }
    }

    /**
     * One document to generate. A null field is simply left out of the XML, which is how tests build documents that
     * lack a CUFE, a customer id or an amount.
     */
    public record Spec(DocumentKind kind, String typeCode, String number, String cufe, LocalDate issueDate,
                       LocalTime issueTime, String supplierNit, String supplierCheckDigit, String supplierName,
                       String customerNit, String customerCheckDigit, String customerName, String customerEmailsRaw,
                       BigDecimal payableAmount, String currency, String referencedNumber, String referencedCufe,
                       Style style) {

        public Spec withNumber(String number) {
            return new Spec(kind, typeCode, number, cufe, issueDate, issueTime, supplierNit, supplierCheckDigit,
                    supplierName, customerNit, customerCheckDigit, customerName, customerEmailsRaw, payableAmount,
                    currency, referencedNumber, referencedCufe, style);
        }

        public Spec withIssueDate(LocalDate issueDate) {
            return new Spec(kind, typeCode, number, cufe, issueDate, issueTime, supplierNit, supplierCheckDigit,
                    supplierName, customerNit, customerCheckDigit, customerName, customerEmailsRaw, payableAmount,
                    currency, referencedNumber, referencedCufe, style);
        }

        public Spec withCufe(String cufe) {
            return new Spec(kind, typeCode, number, cufe, issueDate, issueTime, supplierNit, supplierCheckDigit,
                    supplierName, customerNit, customerCheckDigit, customerName, customerEmailsRaw, payableAmount,
                    currency, referencedNumber, referencedCufe, style);
        }

        public Spec withCustomerEmailsRaw(String customerEmailsRaw) {
            return new Spec(kind, typeCode, number, cufe, issueDate, issueTime, supplierNit, supplierCheckDigit,
                    supplierName, customerNit, customerCheckDigit, customerName, customerEmailsRaw, payableAmount,
                    currency, referencedNumber, referencedCufe, style);
        }

        public Spec withCustomerNit(String customerNit) {
            return new Spec(kind, typeCode, number, cufe, issueDate, issueTime, supplierNit, supplierCheckDigit,
                    supplierName, customerNit, customerCheckDigit, customerName, customerEmailsRaw, payableAmount,
                    currency, referencedNumber, referencedCufe, style);
        }

        /** The whole customer at once: id, check digit (null for a cédula), name and raw e-mail field. */
        public Spec withCustomer(String nit, String checkDigit, String name, String emailsRaw) {
            return new Spec(kind, typeCode, number, cufe, issueDate, issueTime, supplierNit, supplierCheckDigit,
                    supplierName, nit, checkDigit, name, emailsRaw, payableAmount, currency, referencedNumber,
                    referencedCufe, style);
        }

        public Spec withPayableAmount(BigDecimal payableAmount) {
            return new Spec(kind, typeCode, number, cufe, issueDate, issueTime, supplierNit, supplierCheckDigit,
                    supplierName, customerNit, customerCheckDigit, customerName, customerEmailsRaw, payableAmount,
                    currency, referencedNumber, referencedCufe, style);
        }

        public Spec withCurrency(String currency) {
            return new Spec(kind, typeCode, number, cufe, issueDate, issueTime, supplierNit, supplierCheckDigit,
                    supplierName, customerNit, customerCheckDigit, customerName, customerEmailsRaw, payableAmount,
                    currency, referencedNumber, referencedCufe, style);
        }

        public Spec withStyle(Style style) {
            return new Spec(kind, typeCode, number, cufe, issueDate, issueTime, supplierNit, supplierCheckDigit,
                    supplierName, customerNit, customerCheckDigit, customerName, customerEmailsRaw, payableAmount,
                    currency, referencedNumber, referencedCufe, style);
        }

        /** Changes the kind and resets the type code to the kind's default (01, 91, 92). */
        public Spec withKind(DocumentKind kind) {
            return new Spec(kind, kind.defaultTypeCode(), number, cufe, issueDate, issueTime, supplierNit,
                    supplierCheckDigit, supplierName, customerNit, customerCheckDigit, customerName, customerEmailsRaw,
                    payableAmount, currency, referencedNumber, referencedCufe, style);
        }

        public Spec withTypeCode(String typeCode) {
            return new Spec(kind, typeCode, number, cufe, issueDate, issueTime, supplierNit, supplierCheckDigit,
                    supplierName, customerNit, customerCheckDigit, customerName, customerEmailsRaw, payableAmount,
                    currency, referencedNumber, referencedCufe, style);
        }

        /** For notes: the invoice the note corrects (BillingReference). */
        public Spec withReferenced(String referencedNumber, String referencedCufe) {
            return new Spec(kind, typeCode, number, cufe, issueDate, issueTime, supplierNit, supplierCheckDigit,
                    supplierName, customerNit, customerCheckDigit, customerName, customerEmailsRaw, payableAmount,
                    currency, referencedNumber, referencedCufe, style);
        }
    }

    /**
     * A deterministic, realistic invoice: Intertec S.A.S. invoicing one of six customers, number SETP99 + seq,
     * dated within the 60 days before {@link #REFERENCE_DATE}, amount in COP with cents, CUFE-like SHA-384.
     */
    public static Spec sample(long seq) {
        Customer customer = CUSTOMERS.get((int) Math.floorMod(seq, (long) CUSTOMERS.size()));
        String number = "SETP99" + String.format(Locale.ROOT, "%07d", seq);
        LocalDate date = REFERENCE_DATE.minusDays(Math.floorMod(seq * 7, 60));
        LocalTime time = LocalTime.of(8, 0).plusMinutes(Math.floorMod(seq * 37, 600)).plusSeconds(Math.floorMod(seq * 13, 60));
        long pesos = 50_000 + Math.floorMod(seq * 103_979, 4_950_000);
        BigDecimal amount = BigDecimal.valueOf(pesos * 100 + Math.floorMod(seq * 37, 100), 2);
        return new Spec(DocumentKind.INVOICE, "01", number, cufe(number, date, time, amount, SUPPLIER_NIT, customer.nit()),
                date, time, SUPPLIER_NIT, SUPPLIER_CHECK_DIGIT, SUPPLIER_NAME, customer.nit(), customer.checkDigit(),
                customer.name(), customer.email(), amount, "COP", null, null, Style.DEFAULT);
    }

    /** A credit note (type 91) annulling the given invoice in full: same parties and amount, referencing its CUFE. */
    public static Spec creditNoteFor(Spec invoice, long seq) {
        String number = "NC99" + String.format(Locale.ROOT, "%07d", seq);
        LocalDate date = invoice.issueDate().plusDays(3);
        LocalTime time = invoice.issueTime();
        String cude = cufe(number, date, time, invoice.payableAmount(), invoice.supplierNit(), invoice.customerNit());
        return new Spec(DocumentKind.CREDIT_NOTE, "91", number, cude, date, time, invoice.supplierNit(),
                invoice.supplierCheckDigit(), invoice.supplierName(), invoice.customerNit(),
                invoice.customerCheckDigit(), invoice.customerName(), invoice.customerEmailsRaw(),
                invoice.payableAmount(), invoice.currency(), invoice.number(), invoice.cufe(), Style.DEFAULT);
    }

    /**
     * A buyer's RADIAN event on a sample invoice (see {@link #eventXml}). A null field is left out of the XML.
     *
     * @param code         the ResponseCode: 030 to 034 (or anything else, to test what is refused)
     * @param claimConcept for a 031, the concept (01 to 04) written in the ResponseCode's listID; else null
     * @param note         a cbc:Note (a 034 gets the annex's sworn statement instead), or null
     */
    public record EventSpec(Spec invoice, String code, String claimConcept, String number, String cude,
                            LocalDate date, LocalTime time, String note) {

        public EventSpec withClaimConcept(String claimConcept) {
            return new EventSpec(invoice, code, claimConcept, number, cude, date, time, note);
        }

        public EventSpec withNote(String note) {
            return new EventSpec(invoice, code, claimConcept, number, cude, date, time, note);
        }
    }

    /**
     * The event of that code on the invoice, on that day: numbered after the invoice, with a CUDE-shaped SHA-384 of
     * the fields DIAN's CUDE covers; a 031 claims "mercancía no entregada totalmente" (02).
     */
    public static EventSpec event(Spec invoice, String code, LocalDate date) {
        String number = "EV" + code + invoice.number();
        LocalTime time = LocalTime.of(9, 30);
        String cude = sha384Hex(number + date + time.format(HH_MM_SS) + invoice.customerNit() + invoice.supplierNit()
                + code + invoice.cufe() + "sample");
        return new EventSpec(invoice, code, code.equals("031") ? "02" : null, number, cude, date, time, null);
    }

    /** The event's ApplicationResponse, as the buyer's (or, for a 034, the issuer's) software writes it. */
    public byte[] eventXml(EventSpec event) {
        return SampleEventWriter.applicationResponse(event);
    }

    /** The AttachedDocument the event travels in, with DIAN's validation of it. */
    public byte[] attachedEventXml(EventSpec event) {
        return SampleEventWriter.attachedDocument(event);
    }

    /** The ZIP the event comes in by e-mail (DIAN's rule for events: one AttachedDocument, no PDF needed). */
    public byte[] eventZip(EventSpec event) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            long time = event.date().atTime(12, 0).toInstant(ZoneOffset.ofHours(-5)).toEpochMilli();
            addEntry(zip, "ad" + event.number() + ".xml", attachedEventXml(event), time);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** The Invoice, CreditNote or DebitNote as the issuer's software would write it, in the style's encoding. */
    public byte[] invoiceXml(Spec spec) {
        return SampleUblWriter.invoice(spec);
    }

    /** The DIAN AttachedDocument envelope (always UTF-8) carrying {@link #invoiceXml} and DIAN's ApplicationResponse. */
    public byte[] attachedDocumentXml(Spec spec) {
        return SampleUblWriter.attachedDocument(spec, invoiceXml(spec));
    }

    /** A one-page PDF representation (what the customer opens), different for every spec. */
    public byte[] pdf(Spec spec) {
        return SamplePdf.of(spec);
    }

    /** The ZIP DIAN's providers send by e-mail: the AttachedDocument and the PDF with the same base name. */
    public byte[] dianZip(Spec spec) {
        String base = "ad" + nameTail(spec);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            // A fixed entry time keeps the ZIP deterministic: same spec, same bytes.
            long time = issueDateOrReference(spec).atTime(12, 0).toInstant(ZoneOffset.ofHours(-5)).toEpochMilli();
            addEntry(zip, base + ".xml", attachedDocumentXml(spec), time);
            addEntry(zip, base + ".pdf", pdf(spec), time);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** DIAN's ZIP name: "z" + NIT (10 digits) + provider code + year + consecutive in hex + ".zip". */
    public String zipFileName(Spec spec) {
        return "z" + nameTail(spec) + ".zip";
    }

    /** The base name for a loose XML + PDF pair: "fv" (invoice), "nc" or "nd" + the same tail as the ZIP. */
    public String baseName(Spec spec) {
        String prefix = switch (spec.kind()) {
            case INVOICE -> "fv";
            case CREDIT_NOTE -> "nc";
            case DEBIT_NOTE -> "nd";
        };
        return prefix + nameTail(spec);
    }

    /**
     * Writes {@code count} documents into dir: mostly loose XML + PDF pairs, every fifth a DIAN ZIP, every tenth a
     * credit note for an earlier invoice, with varied styles (CRLF, ISO-8859-1, legacy namespace, no declaration...).
     * Each file is written under a hidden temporary name and renamed, so an inbox poller never sees half a file.
     *
     * @return the written files, in writing order
     */
    public List<Path> writeSamples(Path dir, int count, long firstSeq) {
        List<Path> written = new ArrayList<>();
        List<Spec> invoices = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < count; i++) {
                long seq = firstSeq + i;
                if (i % 10 == 9 && !invoices.isEmpty()) {
                    Spec invoice = invoices.get((int) Math.floorMod(seq, (long) invoices.size()));
                    writePair(dir, creditNoteFor(invoice, seq).withStyle(styleFor(seq)), written);
                    continue;
                }
                Spec invoice = sample(seq).withStyle(styleFor(seq));
                invoices.add(invoice);
                if (i % 5 == 2) {
                    written.add(writeAtomically(dir, zipFileName(invoice), dianZip(invoice)));
                } else {
                    writePair(dir, invoice, written);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("No se pudieron escribir las muestras en " + dir, e);
        }
        return written;
    }

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("Usage: SampleInvoiceGenerator <directory> <count> [firstSequence]");
            System.exit(2);
            return;
        }
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        long firstSeq = args.length == 3 ? Long.parseLong(args[2]) : 1;
        List<Path> written = new SampleInvoiceGenerator().writeSamples(dir, count, firstSeq);
        written.forEach(path -> System.out.println(path));
        System.out.println(written.size() + " files written to " + dir.toAbsolutePath());
    }

    /** A CUFE-shaped value (96 lower-case hex): SHA-384 over the fields DIAN's real CUFE also covers. */
    static String cufe(String number, LocalDate date, LocalTime time, BigDecimal amount, String supplierNit,
                       String customerNit) {
        return sha384Hex(number + date + (time == null ? "" : time.format(HH_MM_SS))
                + (amount == null ? "" : amount.toPlainString()) + supplierNit + customerNit + "sample");
    }

    static String sha384Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-384");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is mandatory in every JRE", e);
        }
    }

    /** Rotates through the styles seen in the wild, so a seeded inbox exercises the reader's tolerance. */
    private static Style styleFor(long seq) {
        Style.CustomerNameAt[] places = Style.CustomerNameAt.values();
        Style style = Style.DEFAULT.withCustomerNameAt(places[(int) Math.floorMod(seq, (long) places.length)])
                .withCrlf(Math.floorMod(seq, 4) == 1)
                .withLegacyDianNamespace(Math.floorMod(seq, 7) == 3)
                .withPrefixed(Math.floorMod(seq, 8) == 6);
        if (Math.floorMod(seq, 9) == 4) {
            return style.withEncoding("ISO-8859-1"); // Always declared: undeclared Latin-1 is a broken file.
        }
        return style.withXmlDeclaration(Math.floorMod(seq, 6) != 5);
    }

    /** Writes the PDF first so that when the XML (what the poller picks up) appears, its PDF is already there. */
    private void writePair(Path dir, Spec spec, List<Path> written) throws IOException {
        written.add(writeAtomically(dir, baseName(spec) + ".pdf", pdf(spec)));
        written.add(writeAtomically(dir, baseName(spec) + ".xml", invoiceXml(spec)));
    }

    private static Path writeAtomically(Path dir, String name, byte[] content) throws IOException {
        Path temporary = dir.resolve("." + name + ".tmp");
        Path target = dir.resolve(name);
        Files.write(temporary, content);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static void addEntry(ZipOutputStream zip, String name, byte[] content, long time) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(time);
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    /** NIT padded to 10, provider code "000", two-digit year, consecutive as 8 hex digits (DIAN's naming scheme). */
    private static String nameTail(Spec spec) {
        String nit = spec.supplierNit() == null ? "" : spec.supplierNit().replaceAll("[^0-9A-Za-z]", "");
        String paddedNit = "0".repeat(Math.max(0, 10 - nit.length())) + nit;
        int year = issueDateOrReference(spec).getYear() % 100;
        return paddedNit + "000" + String.format(Locale.ROOT, "%02d%08x", year, consecutive(spec.number()));
    }

    /** The digits of the document number (unique per issuer and kind), or a hash when it has none. */
    private static long consecutive(String number) {
        String digits = number == null ? "" : number.replaceAll("\\D", "");
        if (digits.isEmpty() || digits.length() > 18) {
            return (number == null ? 0 : number.hashCode()) & 0xFFFFFFFFL;
        }
        return Long.parseLong(digits) & 0xFFFFFFFFL;
    }

    private static LocalDate issueDateOrReference(Spec spec) {
        return spec.issueDate() != null ? spec.issueDate() : REFERENCE_DATE;
    }
}
