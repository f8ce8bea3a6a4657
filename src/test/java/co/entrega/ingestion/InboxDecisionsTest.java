package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.storage.DocumentStore;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.IngestionLedger;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * Files handed in while a transaction runs are decided together in the next one; a file whose decision fails there
 * fails alone (it stays in the inbox), and the others of its transaction are registered as if each had gone alone.
 */
@EntregaIntegrationTest
class InboxDecisionsTest {

    private static final int FILES = 8;
    private static final int MAX_LANES = 2;

    @Autowired
    InboxDecisions decisions;
    @Autowired
    InboundFileProcessor processor;
    @Autowired
    DocumentStore store;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry registry;
    @MockitoSpyBean
    InboundFileRepository files;

    private final SampleInvoiceGenerator generator = new SampleInvoiceGenerator();
    private final ExecutorService workers = Executors.newFixedThreadPool(FILES + MAX_LANES);
    private final CountDownLatch releaseHeld = new CountDownLatch(1);

    @AfterEach
    void stopWorkers() {
        releaseHeld.countDown();
        workers.shutdownNow();
    }

    @Test
    void filesArrivingDuringATransactionAreDecidedTogetherAndAFailingOneFailsAlone() throws Exception {
        // One file's transaction is held open in every lane, so the next files pile up behind them.
        int lanes = decisions.lanes();
        java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
        doAnswer(call -> {
            held.incrementAndGet();
            assertThat(releaseHeld.await(30, TimeUnit.SECONDS)).isTrue();
            return call.callRealMethod();
        }).when(files).insert(argThat(r -> r != null && r.originalName().startsWith("held-")), any());
        doAnswer(call -> {
            throw new TransientDataAccessResourceException("simulated: database gone for this statement");
        }).when(files).insert(argThat(r -> r != null && r.originalName().equals("broken.zip")), any());
        double transactionsBefore = perTransaction().count();

        List<Future<?>> first = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            String name = "held-" + lane + ".zip";
            long seq = 9290 + lane;
            first.add(workers.submit(() -> handIn(name, seq)));
            int heldSoFar = lane + 1; // one at a time: handed in together, they could share one transaction
            await().atMost(Duration.ofSeconds(30)).until(() -> held.get() == heldSoFar);
        }
        List<Future<?>> next = new ArrayList<>();
        for (int i = 1; i < FILES; i++) {
            String name = i == 4 ? "broken.zip" : "next-" + i + ".zip";
            long seq = 9301 + i;
            next.add(workers.submit(() -> handIn(name, seq)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> decisions.waiting() == FILES - 1);
        releaseHeld.countDown();

        for (Future<?> f : first) {
            f.get(30, TimeUnit.SECONDS);
        }
        List<String> failures = new ArrayList<>();
        for (Future<?> f : next) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                failures.add(e.getCause().getMessage());
            }
        }

        assertThat(failures).singleElement().asString().contains("simulated: database gone");
        IngestionLedger ledger = new IngestionLedger(jdbc);
        assertThat(ledger.inbound("broken.zip")).isEmpty();
        for (int lane = 0; lane < lanes; lane++) {
            assertThat(ledger.inbound("held-" + lane + ".zip").orElseThrow().status()).isEqualTo("REGISTERED");
        }
        for (int i = 1; i < FILES; i++) {
            if (i != 4) {
                assertThat(ledger.inbound("next-" + i + ".zip").orElseThrow().status()).isEqualTo("REGISTERED");
            }
        }
        // Each held file alone, then the seven that waited together (rolled back for broken.zip, then each alone).
        assertThat(perTransaction().count() - transactionsBefore).isEqualTo(lanes + 1);
        assertThat(perTransaction().max()).isEqualTo(FILES - 1);
    }

    private Void handIn(String name, long seq) throws Exception {
        byte[] zip = generator.dianZip(SampleInvoiceGenerator.sample(seq));
        PreparedFile prepared = processor.prepare(new ReceivedFile(name, "test",
                store.put(new ByteArrayInputStream(zip))));
        decisions.decide(prepared);
        return null;
    }

    private DistributionSummary perTransaction() {
        return registry.get("entrega.ingestion.files.per.transaction").summary();
    }
}
