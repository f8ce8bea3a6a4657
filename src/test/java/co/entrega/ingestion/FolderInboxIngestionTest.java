package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.storage.DocumentStore;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.InboxFolder;
import co.entrega.support.IngestionLedger;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The inbox route on a folder, end to end: files in, invoices, customers and quarantine entries out. */
@EntregaIntegrationTest
class FolderInboxIngestionTest {

    private static final AtomicLong SEQ = new AtomicLong(1000);

    @Autowired
    CamelContext camel;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DocumentStore store;
    @Autowired
    MeterRegistry meters;
    @Value("${entrega.data-dir}")
    Path dataDir;

    private final SampleInvoiceGenerator generator = new SampleInvoiceGenerator();
    private InboxFolder inbox;
    private IngestionLedger ledger;

    @BeforeEach
    void setUp() throws IOException {
        inbox = new InboxFolder(dataDir.resolve("inbox"));
        ledger = new IngestionLedger(jdbc);
    }

    @Test
    void theRouteByItsIdTakesAFileAndMovesItOutOfTheInbox() throws Exception {
        Spec spec = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        String name = generator.zipFileName(spec);
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("ingestion-poll-inbox")
                .filter(exchange -> name.equals(exchange.getMessage().getHeader("CamelFileName"))).whenDone(1).create();

        inbox.drop(name, generator.dianZip(spec));

        assertThat(done.matches(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(ledger.inbound(name)).get().extracting(IngestionLedger.Inbound::status).isEqualTo("REGISTERED");
        await().until(() -> inbox.pending() == 0);
    }

    @Test
    void looseXmlAndPdfPairUpInEitherOrder() throws Exception {
        Spec xmlFirst = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        Spec pdfFirst = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());

        inbox.drop(generator.baseName(xmlFirst) + ".xml", generator.invoiceXml(xmlFirst));
        inbox.drop(generator.baseName(pdfFirst) + ".pdf", generator.pdf(pdfFirst));
        awaitStatus(generator.baseName(xmlFirst) + ".xml", "WAITING");
        inbox.drop(generator.baseName(xmlFirst) + ".PDF", generator.pdf(xmlFirst));
        inbox.drop(generator.baseName(pdfFirst) + ".xml", generator.invoiceXml(pdfFirst));

        for (Spec spec : new Spec[] {xmlFirst, pdfFirst}) {
            awaitStatus(generator.baseName(spec) + ".xml", "REGISTERED");
            Map<String, Object> invoice = ledger.invoice(spec.number());
            assertThat(invoice.get("pdf_missing")).isEqualTo(false);
            assertThat(read((String) invoice.get("pdf_document_id"))).isEqualTo(generator.pdf(spec));
            assertThat(read((String) invoice.get("xml_document_id"))).isEqualTo(generator.invoiceXml(spec));
            assertThat(invoice.get("cufe")).isEqualTo(spec.cufe());
            assertThat(invoice.get("customer_nit")).isEqualTo(spec.customerNit());
            assertThat(new BigDecimal(invoice.get("payable_amount").toString())).isEqualByComparingTo(spec.payableAmount());
        }
        assertThat(ledger.inbound(generator.baseName(pdfFirst) + ".pdf")).get()
                .extracting(IngestionLedger.Inbound::status).isEqualTo("REGISTERED");
    }

    @Test
    void aDianZipRegistersItsAttachedDocumentAndPdf() throws Exception {
        Spec spec = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());

        inbox.drop(generator.zipFileName(spec), generator.dianZip(spec));

        awaitStatus(generator.zipFileName(spec), "REGISTERED");
        Map<String, Object> invoice = ledger.invoice(spec.number());
        assertThat(invoice.get("xml_is_attached_document")).isEqualTo(true);
        assertThat(read((String) invoice.get("xml_document_id"))).isEqualTo(generator.attachedDocumentXml(spec));
        assertThat(read((String) invoice.get("pdf_document_id"))).isEqualTo(generator.pdf(spec));
    }

    @Test
    void theSameDocumentTwiceIsOneInvoiceAndADuplicate() throws Exception {
        Spec spec = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());

        inbox.drop(generator.zipFileName(spec), generator.dianZip(spec));
        awaitStatus(generator.zipFileName(spec), "REGISTERED");
        inbox.drop("again-" + generator.zipFileName(spec), generator.dianZip(spec));
        inbox.drop(generator.baseName(spec) + ".xml", generator.invoiceXml(spec)); // same document, loose and bare
        awaitStatus("again-" + generator.zipFileName(spec), "DUPLICATE");
        awaitStatus(generator.baseName(spec) + ".xml", "DUPLICATE");

        assertThat(jdbc.sql("SELECT COUNT(*) FROM invoices WHERE cufe = :c").param("c", spec.cufe())
                .query(Long.class).single()).isEqualTo(1);
    }

    /**
     * A loose XML taken a second time while it waits for its PDF (an instance killed between recording it and moving
     * it out of the inbox, or the ERP re-sending it): the copy is a DUPLICATE at once, not a second file waiting for a
     * partner that can pair only once.
     */
    @Test
    void theSameLooseXmlAgainWhileItWaitsIsADuplicateAndThePairRegistersOnce() throws Exception {
        Spec spec = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        String xml = generator.baseName(spec) + ".xml";
        inbox.drop(xml, generator.invoiceXml(spec));
        awaitStatus(xml, "WAITING");

        inbox.drop(xml, generator.invoiceXml(spec));
        await().atMost(Duration.ofSeconds(20)).until(() -> statuses(xml).equals(List.of("WAITING", "DUPLICATE")));
        inbox.drop(generator.baseName(spec) + ".pdf", generator.pdf(spec));

        await().atMost(Duration.ofSeconds(20)).until(() -> statuses(xml).equals(List.of("REGISTERED", "DUPLICATE")));
        assertThat(ledger.invoice(spec.number()).get("pdf_missing")).isEqualTo(false);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM invoices WHERE cufe = :c").param("c", spec.cufe())
                .query(Long.class).single()).isEqualTo(1);
    }

    private List<String> statuses(String name) {
        return jdbc.sql("SELECT status FROM inbound_files WHERE original_name = :n ORDER BY id").param("n", name)
                .query(String.class).list();
    }

    @Test
    void theSameCufeWithOtherContentIsQuarantinedAndNeverOverwrites() throws Exception {
        Spec original = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        Spec tampered = original.withPayableAmount(original.payableAmount().add(BigDecimal.TEN));

        inbox.drop(generator.zipFileName(original), generator.dianZip(original));
        awaitStatus(generator.zipFileName(original), "REGISTERED");
        inbox.drop("tampered.zip", generator.dianZip(tampered));
        awaitStatus("tampered.zip", "QUARANTINED");

        assertThat(ledger.quarantineOf("tampered.zip")).get().satisfies(q -> {
            assertThat(q.code()).isEqualTo("CUFE_CONFLICT");
            assertThat(q.reason()).contains(original.cufe()).contains("no se sobrescribe");
        });
        assertThat(new BigDecimal(ledger.invoice(original.number()).get("payable_amount").toString()))
                .isEqualByComparingTo(original.payableAmount());
    }

    @Test
    void anXmlWhosePdfNeverComesIsRegisteredFlaggedAndALatePdfIsAttached() throws Exception {
        Spec spec = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        String xml = generator.baseName(spec) + ".xml";

        inbox.drop(xml, generator.invoiceXml(spec));

        awaitStatus(xml, "REGISTERED");
        assertThat(ledger.invoice(spec.number()).get("pdf_missing")).isEqualTo(true);
        assertThat(ledger.inbound(xml).get().detail()).contains("sin PDF");

        inbox.drop(spec.number() + ".pdf", generator.pdf(spec)); // named after the number, as some ERPs do
        awaitStatus(spec.number() + ".pdf", "REGISTERED");
        assertThat(ledger.invoice(spec.number()).get("pdf_missing")).isEqualTo(false);
    }

    @Test
    void aPdfWithoutXmlIsQuarantinedAfterTheWait() throws Exception {
        inbox.drop("huerfano-" + SEQ.incrementAndGet() + ".pdf", generator.pdf(SampleInvoiceGenerator.sample(SEQ.get())));
        String name = "huerfano-" + SEQ.get() + ".pdf";

        awaitStatus(name, "QUARANTINED");
        assertThat(ledger.quarantineOf(name)).get().satisfies(q -> {
            assertThat(q.code()).isEqualTo("PDF_WITHOUT_XML");
            assertThat(q.reason()).startsWith("PDF sin XML después de 3 segundos");
        });
    }

    @Test
    void theCustomerMasterGivesTheEmailOnRecordAndReleasesInvoicesSinCorreo() throws Exception {
        long seq = SEQ.incrementAndGet();
        String nit = "8001" + seq;
        Spec withoutEmail = SampleInvoiceGenerator.sample(seq).withCustomer(nit, "5", "Ferretería Ñandú Ltda.", null);
        inbox.drop(generator.zipFileName(withoutEmail), generator.dianZip(withoutEmail));
        awaitStatus(generator.zipFileName(withoutEmail), "REGISTERED");
        assertThat(ledger.invoice(withoutEmail.number()).get("status")).isEqualTo("SIN_CORREO");
        assertThat(ledger.inbound(generator.zipFileName(withoutEmail)).get().detail()).contains("sin correo");

        // Excel in a Spanish locale: UTF-8 with BOM, ';' separator, formatted NIT, two addresses in one cell.
        String csv = "\uFEFFNIT;Nombre;Correo\r\n" + nit.substring(0, 3) + "." + nit.substring(3) + "-5;"
                + "Ferretería Ñandú Ltda.;compras@nandu.co, tesoreria@nandu.co\r\n";
        inbox.drop("clientes-" + seq + ".csv", csv.getBytes(StandardCharsets.UTF_8));

        awaitStatus("clientes-" + seq + ".csv", "REGISTERED");
        assertThat(ledger.customer(nit)).containsEntry("email", "compras@nandu.co, tesoreria@nandu.co")
                .containsEntry("email_source", "MASTER")
                .containsEntry("name", "Ferretería Ñandú Ltda.");
        assertThat(ledger.invoice(withoutEmail.number()).get("status")).isEqualTo("REGISTERED");

        // The master's email wins over the one a later invoice carries.
        Spec later = SampleInvoiceGenerator.sample(SEQ.incrementAndGet())
                .withCustomer(nit, "5", "Ferretería Ñandú Ltda.", "otro@correo.co");
        inbox.drop(generator.zipFileName(later), generator.dianZip(later));
        awaitStatus(generator.zipFileName(later), "REGISTERED");
        assertThat(ledger.customer(nit)).containsEntry("email", "compras@nandu.co, tesoreria@nandu.co");
    }

    @Test
    void anUnknownCustomerTakesTheEmailsInsideTheUbl() throws Exception {
        long seq = SEQ.incrementAndGet();
        String nit = "7001" + seq;
        Spec spec = SampleInvoiceGenerator.sample(seq).withCustomer(nit, "1", "Cliente Nuevo S.A.S.",
                "Pagos@Cliente.co; facturas@cliente.co");

        inbox.drop(generator.zipFileName(spec), generator.dianZip(spec));

        awaitStatus(generator.zipFileName(spec), "REGISTERED");
        assertThat(ledger.customer(nit)).containsEntry("email", "pagos@cliente.co, facturas@cliente.co")
                .containsEntry("email_source", "UBL");
    }

    @Test
    void aBadCustomerMasterChangesNothingAndNamesTheLine() throws Exception {
        String name = "clientes-malo-" + SEQ.incrementAndGet() + ".csv";
        inbox.drop(name, "nit,name,email\n9001,Uno,uno@uno.co\n9002,Dos,dos@\n".getBytes(StandardCharsets.UTF_8));

        awaitStatus(name, "QUARANTINED");
        assertThat(ledger.quarantineOf(name).get().reason()).contains("línea 3").contains("dos@");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM customers WHERE nit = '9001'").query(Long.class).single()).isZero();
    }

    @Test
    void everyDroppedFileEndsRegisteredDuplicateOrQuarantinedAndTheCounterAgrees() throws Exception {
        double registeredBefore = counter("registered");
        double duplicateBefore = counter("duplicate");
        double quarantinedBefore = counter("quarantined");
        long finalBefore = ledger.finalFiles();

        Spec a = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        Spec b = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        inbox.drop("mix-a.zip", generator.dianZip(a));
        inbox.drop("mix-b.xml", generator.invoiceXml(b));
        inbox.drop("mix-b.pdf", generator.pdf(b));
        inbox.drop("mix-a-again.zip", generator.dianZip(a));
        byte[] whole = generator.invoiceXml(SampleInvoiceGenerator.sample(SEQ.incrementAndGet()));
        inbox.drop("mix-broken.xml", java.util.Arrays.copyOf(whole, whole.length / 2));
        inbox.drop("mix-empty.zip", new byte[0]);
        inbox.drop("mix-photo.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3});

        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.finalFiles() - finalBefore == 7 && inbox.pending() == 0);

        // The two copies of a may be listed in either order: one registers it, the other is the duplicate.
        assertThat(java.util.List.of(statusOf("mix-a.zip"), statusOf("mix-a-again.zip")))
                .containsExactlyInAnyOrder("REGISTERED", "DUPLICATE");
        assertThat(statusOf("mix-b.xml")).isEqualTo("REGISTERED");
        assertThat(statusOf("mix-b.pdf")).isEqualTo("REGISTERED");
        assertThat(ledger.quarantineOf("mix-broken.xml").get().reason()).startsWith("XML mal formado en la línea ");
        assertThat(ledger.quarantineOf("mix-empty.zip").get().reason()).isEqualTo("El archivo está vacío");
        assertThat(ledger.quarantineOf("mix-photo.jpg").get().code()).isEqualTo("UNSUPPORTED_TYPE");
        assertThat(counter("registered") - registeredBefore).isEqualTo(3);
        assertThat(counter("duplicate") - duplicateBefore).isEqualTo(1);
        assertThat(counter("quarantined") - quarantinedBefore).isEqualTo(3);
    }

    private double counter(String outcome) {
        return meters.get("entrega.ingestion.files").tag("outcome", outcome).counter().count();
    }

    private String statusOf(String name) {
        return ledger.inbound(name).map(IngestionLedger.Inbound::status).orElse(null);
    }

    private void awaitStatus(String name, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status.equals(statusOf(name)));
    }

    private byte[] read(String documentId) throws IOException {
        try (InputStream in = store.open(documentId)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    /**
     * Camel's default in-progress repository (an LRU cache) slows to minutes per poll once 100,000 different files
     * have passed through it (bench/in-progress-repository.sh); the inbox keeps the files in flight in a plain map.
     */
    @Test
    void theInboxKeepsTheFilesInFlightInAPlainMapNotCamelsLruCache() {
        org.apache.camel.component.file.GenericFileEndpoint<?> inbox =
                (org.apache.camel.component.file.GenericFileEndpoint<?>) camel.getRoute("ingestion-poll-inbox")
                        .getEndpoint();
        assertThat(inbox.getInProgressRepository())
                .isSameAs(camel.getRegistry().lookupByName(InboxEndpointUri.IN_PROGRESS_BEAN));
    }
}
