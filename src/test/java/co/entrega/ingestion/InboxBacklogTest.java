package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the dashboard knows of the inbox: the rest of the latest listing and the files being worked on. */
class InboxBacklogTest {

    private final AtomicLong nanos = new AtomicLong();
    private final InboxBacklog backlog = new InboxBacklog(5, nanos::get);

    @Test
    void theRestOfTheListingAndTheFilesHeldCountUntilDone() {
        assertThat(backlog.files()).isEqualTo(new InboxBacklog.Files(0, false));
        backlog.taken(0, 3); // the first of three listed
        backlog.taken(1, 3);
        assertThat(backlog.files()).isEqualTo(new InboxBacklog.Files(3, false)); // two held, one not taken yet
        backlog.done();
        backlog.taken(2, 3);
        backlog.done();
        assertThat(backlog.files().files()).isEqualTo(1);
        backlog.done();
        assertThat(backlog.files().files()).isZero();
    }

    @Test
    void aFullListingMayHideMoreAndAStaleOneIsForgotten() {
        backlog.taken(0, 5);
        assertThat(backlog.files()).isEqualTo(new InboxBacklog.Files(5, true));
        backlog.done();
        nanos.addAndGet(InboxBacklog.FORGET_AFTER.toNanos()); // nobody took the other four: another instance's
        assertThat(backlog.files()).isEqualTo(new InboxBacklog.Files(0, false));
    }

    /** The real route file with real Camel: the files count while workers hold them, and stop when they are done. */
    @Test
    void theInboxRouteCountsTheFilesItListedUntilTheirExchangesEnd(@TempDir Path inbox) throws Exception {
        for (int i = 0; i < 5; i++) {
            Files.writeString(inbox.resolve("f" + i + ".xml"), "<x/>");
        }
        InboxBacklog counted = new InboxBacklog(5, System::nanoTime);
        HeldIntake intake = new HeldIntake();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Properties properties = new Properties();
            properties.setProperty("entrega.inbox.endpoint", "file:" + inbox + "?maxMessagesPerPoll=5&delay=50");
            properties.setProperty("entrega.inbox.workers", "2");
            camel.getPropertiesComponent().setInitialProperties(properties);
            camel.getRegistry().bind("inboxBacklog", counted);
            camel.getRegistry().bind("inboxIntake", intake);
            for (String route : new String[] {"error-handling", "ingestion-poll-inbox"}) {
                PluginHelper.getRoutesLoader(camel).loadRoutes(
                        ResourceHelper.resolveResource(camel, "file:routes/" + route + ".camel.yaml"));
            }
            camel.start();

            // Two workers hold a file each; three wait in their queue, still in the inbox.
            await().atMost(Duration.ofSeconds(10)).until(() -> intake.entered.getCount() <= 3);
            assertThat(counted.files()).isEqualTo(new InboxBacklog.Files(5, true));
            intake.release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> counted.files().files() == 0);
            assertThat(counted.files().atLeast()).isFalse();
            assertThat(intake.entered.getCount()).isZero();
        }
    }

    /** Stands in for ingestion: holds every file until released. */
    public static class HeldIntake {
        final CountDownLatch entered = new CountDownLatch(5);
        final CountDownLatch release = new CountDownLatch(1);

        public void accept(Exchange exchange) throws InterruptedException {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
        }
    }
}
