package co.entrega.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code kill -9} of the packaged service three times in one 2,000-invoice backlog, on each database Entrega
 * offers (PostgreSQL with an SFTP inbox; the embedded default, H2 with a folder inbox): early in ingestion, in the
 * middle of ingesting and sending, and while sending. After each kill, before the restart, every file dropped is
 * either still in the inbox or recorded; at the end every file is one record, every document one invoice, every
 * email reached the relay; and a restarted service sends again within seconds.
 * <p>SMTP has no two-phase commit: an email the relay accepted in the instant between its last byte and the outbox's
 * "SENT" commit goes again after the restart, with the same Message-ID (so the receiving mail system can drop it);
 * at most one per sender thread per kill can be in that instant, so the test allows that many and reports how many
 * happened. Likewise a file whose ingestion committed but which had not yet left the inbox is taken again and
 * recorded as a DUPLICATE of itself (one per inbox worker per kill at most).
 */
class CrashRecoveryFaultIT {

    private static final int INVOICES = 2_000;
    private static final int SENDERS = 8;
    private static final int WORKERS = FaultEnvironment.INBOX_WORKERS;
    private static final int KILLS = 3;
    /** From the restarted service being ready to the first email it sends (not a lock expiry or claim timeout). */
    private static final Duration RESUMES_WITHIN = Duration.ofSeconds(15);

    @ParameterizedTest
    @EnumSource(FaultEnvironment.Database.class)
    void killNineThreeTimesInABacklogLosesNothingAndRepeatsNothing(FaultEnvironment.Database database)
            throws Exception {
        try (FaultEnvironment env = new FaultEnvironment("kill9-" + database.name().toLowerCase(), database);
             // Production's expiries (the fault environment shortens them): only knowing the killed process dead, not
             // waiting them out, can make the recovery fast enough for the deadlines below.
             PackagedService service = env.install("instance-1", java.util.Map.of(
                     "ENTREGA_CLUSTER_LOCK_EXPIRY", "2m", "ENTREGA_MAIL_CLAIM_TIMEOUT", "5m")).start()) {
            List<String> files = env.dropBacklogFiles(INVOICES, 1);
            int emails = FaultEnvironment.emailsFor(INVOICES);

            // 1. Early in ingestion: the first files are being recorded and moved out of the inbox.
            killWhen(service, env, files, "early in ingestion", () -> files.size() - env.inInbox().size() >= 150);
            service.start();
            // 2. Ingesting and sending at once.
            killWhen(service, env, files, "ingesting and sending", () -> env.inInbox().size() <= files.size() / 2
                    && env.distinctAccepted() >= 20);
            service.start();
            // 3. Sending: the backlog is (nearly) all in, emails are going out.
            killWhen(service, env, files, "sending", () -> env.distinctAccepted() >= emails * 6L / 10);
            long acceptedBefore = env.distinctAccepted();
            long restartedAt = System.nanoTime();
            service.start();
            long readyAt = System.nanoTime();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> env.distinctAccepted() > acceptedBefore);
            Duration firstEmail = Duration.ofNanos(System.nanoTime() - readyAt);
            System.out.printf("%s: restarted service ready in %.1f s, first email %.1f s after that%n", database,
                    (readyAt - restartedAt) / 1e9, firstEmail.toMillis() / 1000.0);
            assertThat(firstEmail).as("ready to the first email").isLessThan(RESUMES_WITHIN);

            // Sooner than the claim timeout: an email the killed process was sending (and its customer's later ones)
            // must not wait it out.
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> env.inInbox().isEmpty() && env.distinctAccepted() >= emails);
            service.stop(); // politely: the database is read next (H2's file is the service's while it runs)

            env.assertEveryFileRecordedOrInInbox(files);
            env.assertEachFileAndEmailHandledOnce(files.size(), INVOICES, WORKERS * KILLS, SENDERS * KILLS);
            assertThat(env.distinctAccepted()).as("different emails received").isEqualTo(emails);
            System.out.printf("%s after %d kills: %d files, %d documents, %d emails; %d files taken again,"
                    + " %d emails accepted twice%n", database, KILLS, files.size(), INVOICES,
                    env.count("SELECT COUNT(*) FROM mail_outbox"),
                    env.count("SELECT COUNT(*) FROM inbound_files WHERE status = 'DUPLICATE'"),
                    env.accepted() - env.distinctAccepted());
        }
    }

    /** Kills the service once {@code moment} holds, then checks that no file left the inbox without its record. */
    private static void killWhen(PackagedService service, FaultEnvironment env, List<String> files, String what,
                                 java.util.concurrent.Callable<Boolean> moment) throws Exception {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20)).until(moment);
        service.kill();
        int inInbox = env.inInbox().size();
        System.out.printf("kill -9 %s: %d of %d files still in the inbox, %d emails received%n", what, inInbox,
                files.size(), env.distinctAccepted());
        env.assertEveryFileRecordedOrInInbox(files);
    }
}
