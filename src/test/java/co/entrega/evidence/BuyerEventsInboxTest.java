package co.entrega.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import co.entrega.ingestion.BuyerEventCode;
import co.entrega.ingestion.ClaimConcept;
import co.entrega.ingestion.QuarantineAdmin;
import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.InboxFolder;
import co.entrega.support.IngestionLedger;
import co.entrega.support.RadianFixtures;
import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The buyer's RADIAN events dropped in the folder inbox, bare, in their AttachedDocument or in a ZIP: recorded
 * against their invoice (the file ends RECORDED), or refused into quarantine with the reason, recording nothing.
 */
@EntregaIntegrationTest
class BuyerEventsInboxTest {

    private static final AtomicLong SEQ = new AtomicLong(77_000);
    /** A Friday; the Monday after it (2026-01-12) is a holiday, Epiphany moved by Ley Emiliani. */
    private static final LocalDate FRIDAY_BEFORE_HOLIDAY = LocalDate.of(2026, 1, 9);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    BuyerEvents buyerEvents;
    @Autowired
    QuarantineAdmin quarantine;
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
    void eachEventIsRecordedAgainstItsInvoiceBareAttachedOrZipped() throws Exception {
        Spec accepted = registeredInvoice();
        Spec claimed = registeredInvoice();
        Spec tacit = registeredInvoice();
        Map<String, Double> before = counters();
        double recordedFilesBefore = meters.get("entrega.ingestion.files").tag("outcome", "recorded").counter().count();

        drop("acuse-" + accepted.number() + ".xml", RadianFixtures.bare(event(accepted, "030")), "RECORDED");
        drop("recibo-" + accepted.number() + ".xml", RadianFixtures.attached(event(accepted, "032")), "RECORDED");
        drop("z-aceptacion-" + accepted.number() + ".zip",
                generator.eventZip(SampleInvoiceGenerator.event(accepted, "033", FRIDAY_BEFORE_HOLIDAY)), "RECORDED");
        drop("acuse-" + claimed.number() + ".xml", generator.attachedEventXml(
                SampleInvoiceGenerator.event(claimed, "030", FRIDAY_BEFORE_HOLIDAY)), "RECORDED");
        drop("reclamo-" + claimed.number() + ".xml", RadianFixtures.bare(event(claimed, "031")), "RECORDED");
        drop("acuse-" + tacit.number() + ".xml", RadianFixtures.bare(event(tacit, "030")), "RECORDED");
        drop("recibo-" + tacit.number() + ".xml", RadianFixtures.bare(event(tacit, "032")), "RECORDED");
        drop("tacita-" + tacit.number() + ".xml", RadianFixtures.attached(event(tacit, "034")), "RECORDED");

        long acceptedId = invoiceId(accepted);
        IngestionLedger.Inbound acuse = ledger.inbound("acuse-" + accepted.number() + ".xml").orElseThrow();
        assertThat(acuse.detail()).startsWith("Evento 030 (acuse de recibo) de la factura " + accepted.number()
                + " (CUFE " + accepted.cufe() + "), del 2026-01-09: número EV030-" + accepted.number());
        assertThat(jdbc.sql("SELECT invoice_id FROM inbound_files WHERE id = :id").param("id", acuse.id())
                .query(Long.class).single()).isEqualTo(acceptedId);
        assertThat(buyerEvents.ofInvoice(acceptedId)).extracting(RecordedEvent::code).containsExactly(
                BuyerEventCode.RECEIPT_ACKNOWLEDGED, BuyerEventCode.GOODS_OR_SERVICE_RECEIVED,
                BuyerEventCode.EXPRESS_ACCEPTANCE);
        RecordedEvent first = buyerEvents.ofInvoice(acceptedId).get(0);
        assertThat(first.senderNit()).isEqualTo(accepted.customerNit());
        assertThat(first.senderName()).isEqualTo(accepted.customerName());
        assertThat(first.inboundFileId()).isEqualTo(acuse.id());
        assertThat(first.cude()).isEqualTo(event(accepted, "030").cude());

        long claimedId = invoiceId(claimed);
        long tacitId = invoiceId(tacit);
        assertThat(buyerEvents.latestOf(List.of(acceptedId, claimedId, tacitId)))
                .hasEntrySatisfying(acceptedId, e -> assertThat(e.code()).isEqualTo(BuyerEventCode.EXPRESS_ACCEPTANCE))
                .hasEntrySatisfying(claimedId, e -> assertThat(e.code()).isEqualTo(BuyerEventCode.CLAIM))
                .hasEntrySatisfying(tacitId, e -> assertThat(e.code()).isEqualTo(BuyerEventCode.TACIT_ACCEPTANCE));
        assertThat(buyerEvents.claims(100, 0)).filteredOn(c -> c.invoiceId() == claimedId).singleElement()
                .satisfies(c -> {
                    assertThat(c.invoiceNumber()).isEqualTo(claimed.number());
                    assertThat(c.buyerNit()).isEqualTo(claimed.customerNit());
                    assertThat(c.event().claimConcept()).isEqualTo(ClaimConcept.GOODS_NOT_DELIVERED);
                    assertThat(c.event().note()).startsWith("Llegaron 40 de las 50 cajas");
                });
        // The 034 comes from the issuer, the others from the buyer.
        assertThat(buyerEvents.ofInvoice(tacitId).get(2).senderNit()).isEqualTo(tacit.supplierNit());

        Map<String, Double> after = counters();
        assertThat(after.get("030") - before.get("030")).isEqualTo(3);
        assertThat(after.get("031") - before.get("031")).isEqualTo(1);
        assertThat(after.get("032") - before.get("032")).isEqualTo(2);
        assertThat(after.get("033") - before.get("033")).isEqualTo(1);
        assertThat(after.get("034") - before.get("034")).isEqualTo(1);
        assertThat(meters.get("entrega.ingestion.files").tag("outcome", "recorded").counter().count()
                - recordedFilesBefore).isEqualTo(8);
    }

    @Test
    void anEventOnAnUnknownInvoiceIsQuarantinedAndNothingIsRecorded() throws Exception {
        Spec neverRegistered = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        long eventsBefore = eventCount();

        String name = "acuse-desconocida-" + neverRegistered.number() + ".xml";
        drop(name, RadianFixtures.bare(event(neverRegistered, "030")), "QUARANTINED");

        assertThat(ledger.quarantineOf(name).orElseThrow()).satisfies(q -> {
            assertThat(q.code()).isEqualTo("UNKNOWN_INVOICE");
            assertThat(q.reason()).isEqualTo("Evento 030 (acuse de recibo) número EV030-" + neverRegistered.number()
                    + ": la factura " + neverRegistered.number() + " con CUFE " + neverRegistered.cufe()
                    + " no está registrada en Entrega; reprocese el archivo desde la cuarentena cuando la factura"
                    + " esté registrada");
        });
        assertThat(eventCount()).isEqualTo(eventsBefore);
    }

    @Test
    void anEventFromSomeoneOtherThanTheBuyerIsQuarantined() throws Exception {
        Spec invoice = registeredInvoice();

        String name = "acuse-ajeno-" + invoice.number() + ".xml";
        drop(name, RadianFixtures.bare(event(invoice, "030").withBuyer("900.777.888-1", null, "Otra Empresa S.A.S.")),
                "QUARANTINED");
        String tacit = "tacita-del-cliente-" + invoice.number() + ".xml";
        drop(tacit, RadianFixtures.bare(event(invoice, "034").withIssuer(invoice.customerNit(),
                invoice.customerCheckDigit(), invoice.customerName())), "QUARANTINED");

        assertThat(ledger.quarantineOf(name).orElseThrow()).satisfies(q -> {
            assertThat(q.code()).isEqualTo("SENDER_NOT_BUYER");
            assertThat(q.reason()).contains("de la factura " + invoice.number() + " (CUFE " + invoice.cufe() + ")")
                    .contains("lo envía el NIT 900777888, que no es el adquiriente de la factura (NIT "
                            + invoice.customerNit() + ")");
        });
        assertThat(ledger.quarantineOf(tacit).orElseThrow().code()).isEqualTo("SENDER_NOT_ISSUER");
        assertThat(buyerEvents.ofInvoice(invoiceId(invoice))).isEmpty();
    }

    @Test
    void theSameEventTwiceOrTheSameCodeAgainIsADuplicateAndRecordsNothingMore() throws Exception {
        Spec invoice = registeredInvoice();
        RadianFixtures.Event acuse = event(invoice, "030");
        drop("acuse-" + invoice.number() + ".xml", RadianFixtures.bare(acuse), "RECORDED");

        // The same event, wrapped this time: same CUDE.
        String again = "acuse-otra-vez-" + invoice.number() + ".xml";
        drop(again, RadianFixtures.attached(acuse), "QUARANTINED");
        // Another 030 (its own number and CUDE) on the same invoice.
        String second = "segundo-acuse-" + invoice.number() + ".xml";
        drop(second, RadianFixtures.bare(acuse.withNumber("EV030-B-" + invoice.number())), "QUARANTINED");
        // The very same file again (a re-send, or a restart before it left the inbox): a duplicate file.
        drop("acuse-" + invoice.number() + ".xml", RadianFixtures.bare(acuse), "DUPLICATE");

        assertThat(ledger.quarantineOf(again).orElseThrow()).satisfies(q -> {
            assertThat(q.code()).isEqualTo("DUPLICATE_EVENT");
            assertThat(q.reason()).contains("el evento con CUDE " + acuse.cude() + " ya está registrado");
        });
        assertThat(ledger.quarantineOf(second).orElseThrow()).satisfies(q -> {
            assertThat(q.code()).isEqualTo("DUPLICATE_EVENT");
            assertThat(q.reason()).contains("la factura ya tiene el evento 030 (número EV030-" + invoice.number())
                    .endsWith("la DIAN admite cada evento una sola vez por factura");
        });
        assertThat(buyerEvents.ofInvoice(invoiceId(invoice))).hasSize(1);
    }

    @Test
    void dianValidationResponseIsNotABuyerEventAndIsQuarantined() throws Exception {
        Spec invoice = registeredInvoice();
        long eventsBefore = eventCount();

        String name = "validacion-" + invoice.number() + ".xml";
        drop(name, RadianFixtures.bare(event(invoice, "02")), "QUARANTINED");

        assertThat(ledger.quarantineOf(name).orElseThrow()).satisfies(q -> {
            assertThat(q.code()).isEqualTo("NOT_BUYER_EVENT");
            assertThat(q.reason()).startsWith("El ApplicationResponse es la respuesta de validación de la DIAN");
        });
        assertThat(eventCount()).isEqualTo(eventsBefore);
    }

    @Test
    void anEventOutOfOrderIsQuarantinedAndCanBeRecordedOnceItsPredecessorIs() throws Exception {
        Spec invoice = registeredInvoice();

        String early = "recibo-temprano-" + invoice.number() + ".xml";
        drop(early, RadianFixtures.bare(event(invoice, "032")), "QUARANTINED");
        assertThat(ledger.quarantineOf(early).orElseThrow()).satisfies(q -> {
            assertThat(q.code()).isEqualTo("EVENT_OUT_OF_ORDER");
            assertThat(q.reason()).contains("el evento 032 requiere antes el 030 (acuse de recibo), que no está"
                    + " registrado");
        });
        drop("acuse-" + invoice.number() + ".xml", RadianFixtures.bare(event(invoice, "030")), "RECORDED");
        // Now that the 030 is there, the operator reprocesses the 032 from the quarantine.
        long entry = jdbc.sql("SELECT q.id FROM quarantine q JOIN inbound_files f ON f.id = q.inbound_file_id"
                + " WHERE f.original_name = :n").param("n", early).query(Long.class).single();
        assertThat(quarantine.reprocess(entry, "operadora", "llegó el acuse")).hasValueSatisfying(outcome ->
                assertThat(outcome).startsWith("RECORDED: Evento 032 (recibo del bien o prestación del servicio)"
                        + " de la factura " + invoice.number()));
        drop("reclamo-" + invoice.number() + ".xml", RadianFixtures.bare(event(invoice, "031")), "RECORDED");
        // After a claim, no acceptance.
        String acceptance = "aceptacion-" + invoice.number() + ".xml";
        drop(acceptance, RadianFixtures.bare(event(invoice, "033")), "QUARANTINED");

        assertThat(ledger.quarantineOf(acceptance).orElseThrow().reason())
                .contains("la factura tiene un reclamo (Evento 031 (reclamo: mercancía no entregada totalmente)");
        assertThat(buyerEvents.ofInvoice(invoiceId(invoice))).extracting(RecordedEvent::code).containsExactly(
                BuyerEventCode.RECEIPT_ACKNOWLEDGED, BuyerEventCode.GOODS_OR_SERVICE_RECEIVED, BuyerEventCode.CLAIM);
    }

    @Test
    void tacitAcceptanceIsDueThreeBusinessDaysAfterTheReceiptAcrossAHolidayAndGoesToTheErpAsCsv() throws Exception {
        Spec due = registeredInvoice();
        Spec claimed = registeredInvoice();
        drop("acuse-" + due.number() + ".xml", RadianFixtures.bare(event(due, "030")), "RECORDED");
        drop("recibo-" + due.number() + ".xml", RadianFixtures.bare(event(due, "032")), "RECORDED");
        drop("acuse-" + claimed.number() + ".xml", RadianFixtures.bare(event(claimed, "030")), "RECORDED");
        drop("recibo-" + claimed.number() + ".xml", RadianFixtures.bare(event(claimed, "032")), "RECORDED");
        drop("reclamo-" + claimed.number() + ".xml", RadianFixtures.bare(event(claimed, "031")), "RECORDED");

        // Received Friday 9 January; Monday 12 is a holiday: Tuesday, Wednesday, Thursday 15 to claim.
        assertThat(buyerEvents.tacitAcceptanceDue(LocalDate.of(2026, 1, 15)))
                .noneMatch(d -> d.invoiceNumber().equals(due.number()));
        List<BuyerEvents.TacitAcceptanceDue> onFriday = buyerEvents.tacitAcceptanceDue(LocalDate.of(2026, 1, 16));
        assertThat(onFriday).filteredOn(d -> d.invoiceNumber().equals(due.number())).singleElement()
                .isEqualTo(new BuyerEvents.TacitAcceptanceDue(invoiceId(due), due.number(), due.cufe(),
                        due.customerNit(), due.customerName(), FRIDAY_BEFORE_HOLIDAY, LocalDate.of(2026, 1, 15),
                        LocalDate.of(2026, 1, 16)));
        // Claimed: never tacitly accepted.
        assertThat(onFriday).noneMatch(d -> d.invoiceNumber().equals(claimed.number()));

        StringWriter csv = new StringWriter();
        buyerEvents.writeTacitAcceptanceDueCsv(LocalDate.of(2026, 1, 16), csv);
        assertThat(csv.toString()).startsWith("numero_factura,cufe,nit_adquiriente,nombre_adquiriente,"
                + "fecha_recibo_032,fecha_aceptacion_tacita\r\n")
                .contains("\r\n" + due.number() + "," + due.cufe() + "," + due.customerNit() + ","
                        + csvField(due.customerName()) + ",2026-01-09,2026-01-16\r\n")
                .doesNotContain(claimed.number());

        // Once the issuer registers the 034, it is no longer due.
        drop("tacita-" + due.number() + ".xml", RadianFixtures.bare(event(due, "034")
                .withDate(LocalDate.of(2026, 1, 16))), "RECORDED");
        assertThat(buyerEvents.tacitAcceptanceDue(LocalDate.of(2026, 1, 20)))
                .noneMatch(d -> d.invoiceNumber().equals(due.number()));
    }

    private Spec registeredInvoice() throws Exception {
        Spec invoice = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        drop(generator.zipFileName(invoice), generator.dianZip(invoice), "REGISTERED");
        return invoice;
    }

    private static RadianFixtures.Event event(Spec invoice, String code) {
        return RadianFixtures.on(invoice, code, FRIDAY_BEFORE_HOLIDAY);
    }

    /** Drops the file and waits for its decision (the latest file of that name). */
    private void drop(String name, byte[] content, String status) throws Exception {
        long before = ledger.inbound().stream().filter(f -> f.name().equals(name)).count();
        inbox.drop(name, content);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.inbound().stream()
                .filter(f -> f.name().equals(name)).count() > before
                && !"PAIRING".equals(ledger.inbound(name).orElseThrow().status()));
        assertThat(ledger.inbound(name).orElseThrow().status()).as(name + ": " + ledger.inbound(name).get().detail())
                .isEqualTo(status);
    }

    private long invoiceId(Spec invoice) {
        return ((Number) ledger.invoice(invoice.number()).get("id")).longValue();
    }

    private long eventCount() {
        return jdbc.sql("SELECT COUNT(*) FROM buyer_events").query(Long.class).single();
    }

    private Map<String, Double> counters() {
        Map<String, Double> counts = new java.util.HashMap<>();
        for (BuyerEventCode code : BuyerEventCode.values()) {
            counts.put(code.code(), meters.get("entrega.buyer.events").tag("code", code.code()).counter().count());
        }
        return counts;
    }

    private static String csvField(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
