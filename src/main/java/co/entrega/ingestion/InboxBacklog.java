package co.entrega.ingestion;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The inbox files this instance knows are there and not done: the rest of its latest listing plus the files its
 * workers hold. An SFTP inbox cannot be listed on every dashboard view; the polls list it anyway, so their listing
 * is what is known. Route {@code ingestion-poll-inbox} calls {@link #taking} in the poll thread, in listing order.
 */
@Component("inboxBacklog")
public class InboxBacklog {

    /** A listing no file was taken from for this long is forgotten: the rest was another instance's, or unfinished. */
    static final Duration FORGET_AFTER = Duration.ofSeconds(30);

    /**
     * @param files   inbox files not done yet
     * @param atLeast the latest listing was cut at {@code entrega.inbox.max-files-per-poll}: there may be more
     */
    public record Files(long files, boolean atLeast) {
    }

    private record Listing(int notTaken, boolean full, long atNanos) {
    }

    private final int maxFilesPerPoll;
    private final LongSupplier nanoTime;
    private final AtomicInteger held = new AtomicInteger();
    private volatile Listing latest;

    @Autowired
    InboxBacklog(InboxProperties inbox) {
        this(inbox.maxFilesPerPoll(), System::nanoTime);
    }

    InboxBacklog(int maxFilesPerPoll, LongSupplier nanoTime) {
        this.maxFilesPerPoll = maxFilesPerPoll;
        this.nanoTime = nanoTime;
        this.latest = new Listing(0, false, nanoTime.getAsLong());
    }

    /** A file of the current poll's listing is taken; it counts until its exchange completes, however it ends. */
    public void taking(Exchange exchange) {
        taken(exchange.getProperty(ExchangePropertyKey.BATCH_INDEX, 0, Integer.class),
                exchange.getProperty(ExchangePropertyKey.BATCH_SIZE, 1, Integer.class));
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                done();
            }
        });
    }

    void taken(int index, int size) {
        held.incrementAndGet();
        latest = new Listing(Math.max(0, size - index - 1), size >= maxFilesPerPoll, nanoTime.getAsLong());
    }

    void done() {
        held.decrementAndGet();
    }

    public Files files() {
        Listing listing = latest;
        boolean current = nanoTime.getAsLong() - listing.atNanos() < FORGET_AFTER.toNanos();
        long files = Math.max(0, held.get()) + (current ? listing.notTaken() : 0);
        // Once a full listing's files are done, the next poll lists any more, and says so.
        return new Files(files, current && listing.full() && files > 0);
    }
}
