package co.entrega.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of the packaged service in the middle of a 2,000-invoice backlog, while it is both ingesting and
 * sending, then a restart: every file ends as one record, every document as one invoice, every email is sent.
 * <p>SMTP has no two-phase commit: an email the relay accepted in the instant between its last byte and the outbox's
 * "SENT" commit is sent again after the restart, with the same Message-ID (so the receiving mail system can drop it).
 * At most one per sender thread can be in that instant, so the test allows that many and reports how many happened.
 * Likewise a file whose ingestion committed but which had not yet been moved out of the inbox is taken again after
 * the restart and recorded as a DUPLICATE of itself (one per inbox worker at most).
 */
class CrashRecoveryFaultIT {

    private static final int INVOICES = 2_000;
    private static final int SENDERS = 8;
    private static final int WORKERS = 4;

    @Test
    void killNineInTheMiddleOfABacklogThenRestartLosesNothingAndRepeatsNothing() throws Exception {
        try (FaultEnvironment env = new FaultEnvironment("kill9");
             PackagedService service = env.install("instance-1").start()) {
            int files = env.dropBacklog(INVOICES, 1);

            // Kill once part of the backlog is registered and part of its emails went out: both in flight.
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> env.count("SELECT COUNT(*) FROM invoices") >= INVOICES / 4 && env.accepted() >= 20);
            service.kill();
            long registeredAtKill = env.count("SELECT COUNT(*) FROM invoices");
            int acceptedAtKill = env.accepted();
            System.out.printf("kill -9 with %d of %d documents registered and %d emails accepted%n",
                    registeredAtKill, INVOICES, acceptedAtKill);
            assertThat(registeredAtKill).as("the kill landed in the middle of ingestion").isLessThan(INVOICES);

            service.start();
            await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> env.settled(files));

            env.assertEachFileAndEmailHandledOnce(files, INVOICES, WORKERS, SENDERS);
            System.out.printf("after the restart: %d files, %d documents, %d emails sent; %d files taken again,"
                    + " %d emails accepted twice%n", files, INVOICES, env.count("SELECT COUNT(*) FROM mail_outbox"),
                    env.count("SELECT COUNT(*) FROM inbound_files WHERE status = 'DUPLICATE'"),
                    env.accepted() - env.count("SELECT COUNT(*) FROM mail_outbox"));
        }
    }
}
