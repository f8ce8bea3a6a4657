package co.entrega.ingestion;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import co.entrega.storage.DurableCommits;

/**
 * Group commit for the inbox: each worker hands in its prepared file and waits; whichever worker gets a free lane
 * takes every file waiting (up to {@link #MAX_FILES_PER_TRANSACTION}) and decides them in one transaction, then waits
 * for them to be durable and releases their workers. Under a burst the files pile up while a transaction runs, so the
 * next one takes them all; a lone file goes alone, at once. No thread of its own: the workers take turns.
 * <p>
 * A worker returns (and Camel moves its file out of the inbox) only after its own file's decision is durable, as
 * before; a file whose decision failed gets its own failure, and only it stays in the inbox.
 */
@Component
class InboxDecisions {

    /** Bounds a transaction's length (locks held, rows in one commit) under the largest burst. */
    static final int MAX_FILES_PER_TRANSACTION = 100;

    private final InboundFileProcessor processor;
    private final DurableCommits durable;
    private final IngestionMetrics metrics;
    private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final Semaphore lanes;
    private final int laneCount;
    private final int maxFilesPerTransaction;

    @Autowired
    InboxDecisions(InboundFileProcessor processor, DurableCommits durable, IngestionMetrics metrics) {
        this(processor, durable, metrics, MAX_FILES_PER_TRANSACTION);
    }

    InboxDecisions(InboundFileProcessor processor, DurableCommits durable, IngestionMetrics metrics,
                   int maxFilesPerTransaction) {
        this.maxFilesPerTransaction = maxFilesPerTransaction;
        this.processor = processor;
        this.durable = durable;
        this.metrics = metrics;
        // H2 writes one commit at a time anyway; PostgreSQL overlaps them.
        this.laneCount = durable.isH2() ? 1 : 2;
        this.lanes = new Semaphore(laneCount);
    }

    private record Waiting(PreparedFile file, CompletableFuture<Void> decided) {
    }

    /** How many transactions of files can run at once. */
    int lanes() {
        return laneCount;
    }

    /** Files handed in and not yet taken into a transaction. */
    int waiting() {
        return waiting.size();
    }

    /** Returns once the file's decision is committed and durable; throws what made it fail. */
    void decide(PreparedFile file) throws InterruptedException {
        Waiting mine = new Waiting(file, new CompletableFuture<>());
        waiting.add(mine);
        // A transaction this worker runs may hold other workers' files and not its own (its own went into another
        // worker's transaction, or waits behind a full one): what fails there fails those files, each through its own
        // future, and this worker goes on until its own file has an outcome.
        while (!mine.decided().isDone()) {
            lanes.acquire();
            List<Waiting> batch = new ArrayList<>();
            List<RuntimeException> failures;
            try {
                for (Waiting next; batch.size() < maxFilesPerTransaction && (next = waiting.poll()) != null; ) {
                    batch.add(next);
                }
                if (batch.isEmpty()) {
                    break; // ours is in another worker's transaction
                }
                metrics.countTransaction(batch.size());
                failures = decideAll(batch);
            } finally {
                lanes.release();
            }
            // Outside the lane: the next transaction runs while this one is forced to disk.
            if (failures != null) {
                release(batch, failures);
            }
        }
        try {
            mine.decided().get();
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failed.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(failed.getCause());
        }
    }

    /** @return per file, null when decided; or null for all when the batch failed as a whole (futures completed) */
    private List<RuntimeException> decideAll(List<Waiting> batch) {
        try {
            return processor.decide(batch.stream().map(Waiting::file).toList());
        } catch (RuntimeException | Error unexpected) {
            batch.forEach(w -> w.decided().completeExceptionally(unexpected));
            return null;
        }
    }

    private void release(List<Waiting> batch, List<RuntimeException> failures) {
        try {
            if (failures.stream().anyMatch(f -> f == null)) {
                durable.awaitDurable();
            }
        } catch (RuntimeException | Error notDurable) {
            batch.forEach(w -> w.decided().completeExceptionally(notDurable));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            RuntimeException failure = failures.get(i);
            if (failure == null) {
                batch.get(i).decided().complete(null);
            } else {
                batch.get(i).decided().completeExceptionally(failure);
            }
        }
    }
}
