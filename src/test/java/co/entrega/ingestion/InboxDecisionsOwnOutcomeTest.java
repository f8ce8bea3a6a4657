package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import co.entrega.storage.DurableCommits;
import co.entrega.storage.StoredDocument;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * A worker may run a transaction of other workers' files while its own file is in someone else's: it must return its
 * own file's outcome, not the outcome of the transaction it ran. (It used to rethrow a failed wait for durability of
 * the transaction it ran: its own file, committed elsewhere, then stayed in the inbox and came back as a duplicate of
 * itself.) One file per transaction here, so most workers run a transaction that is not their own.
 */
class InboxDecisionsOwnOutcomeTest {

    private static final int WORKERS = 8;

    private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS);

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    @RepeatedTest(50) // before the fix, 3 in 20 repetitions failed
    void eachWorkerGetsItsOwnFilesOutcome() throws Exception {
        InboundFileProcessor processor = mock(InboundFileProcessor.class);
        DurableCommits durable = mock(DurableCommits.class);
        when(durable.isH2()).thenReturn(true); // one lane
        Map<Thread, List<PreparedFile>> lastBatch = new ConcurrentHashMap<>();
        when(processor.decide(any())).thenAnswer(call -> {
            List<PreparedFile> batch = call.getArgument(0);
            lastBatch.put(Thread.currentThread(), batch);
            return new ArrayList<RuntimeException>(Collections.nCopies(batch.size(), null));
        });
        // The transaction holding broken.xml is committed but not made durable (the disk failed under it).
        doAnswer(call -> {
            if (lastBatch.get(Thread.currentThread()).stream()
                    .anyMatch(file -> file.received().originalName().equals("broken.xml"))) {
                throw new DataAccessResourceFailureException("simulated: CHECKPOINT SYNC failed");
            }
            return null;
        }).when(durable).awaitDurable();
        InboxDecisions decisions = new InboxDecisions(processor, durable,
                new IngestionMetrics(new SimpleMeterRegistry()), 1);

        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> outcomes = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            String name = i == WORKERS / 2 ? "broken.xml" : "file-" + i + ".xml";
            PreparedFile file = new PreparedFile(new ReceivedFile(name, "file:inbox",
                    new StoredDocument("0".repeat(32), 1, "x")), InboundFileType.XML, null, null, null);
            outcomes.add(workers.submit(() -> {
                start.await();
                decisions.decide(file);
                return null;
            }));
        }
        start.countDown();

        for (int i = 0; i < WORKERS; i++) {
            Future<?> outcome = outcomes.get(i);
            if (i == WORKERS / 2) {
                assertThat(outcome).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(
                        java.util.concurrent.ExecutionException.class)
                        .withCauseInstanceOf(DataAccessResourceFailureException.class);
            } else {
                assertThat(outcome).as("worker %d, whose file was made durable", i).succeedsWithin(10, TimeUnit.SECONDS);
            }
        }
    }
}
