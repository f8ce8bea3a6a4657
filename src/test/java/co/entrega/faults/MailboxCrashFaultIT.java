package co.entrega.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import co.entrega.support.MailFixtures;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code kill -9} of the packaged service while it reads a reception mailbox full of bounces, on each database
 * Entrega offers. A message is marked read only once its record is durable: at the kill, every message marked read has
 * its inbound file; after the restart, every email the reports return is BOUNCED, each report is recorded once (plus,
 * at most, one copy per kill: a message recorded just before the kill but not yet marked read is read again and
 * recognised as the same file), and every message ends read.
 */
class MailboxCrashFaultIT {

    private static final int INVOICES = 60;

    @ParameterizedTest
    @EnumSource(FaultEnvironment.Database.class)
    void killNineWhileReadingBouncesLosesNoneAndAppliesEachOnce(FaultEnvironment.Database database)
            throws Exception {
        try (FaultEnvironment env = new FaultEnvironment("mailbox-" + database.name().toLowerCase(), database)) {
            env.startReceptionMailbox();
            try (PackagedService service = env.install("instance-1").start()) {
                env.dropBacklog(INVOICES, 70_001);
                int emails = FaultEnvironment.emailsFor(INVOICES);
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> env.distinctAccepted() >= emails);

                // Every email the relay accepted comes back: one delivery report each, quoting its Message-ID.
                List<String> reports = new ArrayList<>();
                for (MimeMessage sent : env.acceptedMessages()) {
                    MimeMessage report = report(sent.getMessageID(),
                            ((InternetAddress) sent.getAllRecipients()[0]).getAddress());
                    if (reports.contains(report.getMessageID())) {
                        continue; // an email the relay accepted twice is returned once
                    }
                    reports.add(report.getMessageID());
                    env.deliverToReception(report);
                }

                // (what the mailbox says: H2's file cannot be read while the service runs)
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                        .until(() -> env.seenInReception().size() >= reports.size() / 4);
                service.kill();
                Set<String> seen = env.seenInReception();
                // Durable before acknowledged: no message is marked read without its record. (On H2 the file is the
                // killed service's no longer, so it can be read here.)
                Set<String> recorded = new HashSet<>(env.strings(
                        "SELECT original_name FROM inbound_files WHERE file_type = 'EMAIL'"));
                List<String> readWithoutRecord = seen.stream().map(MailboxCrashFaultIT::fileName)
                        .filter(name -> !recorded.contains(name)).toList();
                System.out.printf("%s: kill -9 with %d of %d reports read, %d recorded%n", database, seen.size(),
                        reports.size(), recorded.size());
                assertThat(readWithoutRecord).as("messages marked read without their record").isEmpty();
                assertThat(seen.size()).as("some reports still unread at the kill").isLessThan(reports.size());

                service.start();
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                        .until(() -> env.seenInReception().size() == reports.size());
                service.stop(); // H2's file is read next
            }
            assertThat(env.count("SELECT COUNT(*) FROM mail_outbox WHERE status <> 'BOUNCED'"))
                    .as("emails not BOUNCED").isZero();
            assertThat(env.count("SELECT COUNT(*) FROM inbound_files WHERE file_type = 'EMAIL' AND status = 'RECORDED'"))
                    .as("reports recorded").isEqualTo(reports(env));
            assertThat(env.count("SELECT COUNT(DISTINCT original_name) FROM inbound_files WHERE file_type = 'EMAIL'"
                    + " AND status = 'RECORDED'")).as("reports recorded once each").isEqualTo(reports(env));
            assertThat(env.count("SELECT COUNT(*) FROM inbound_files WHERE file_type = 'EMAIL'"
                    + " AND status NOT IN ('RECORDED', 'DUPLICATE')")).as("reports neither recorded nor recognised")
                    .isZero();
            long retaken = env.count("SELECT COUNT(*) FROM inbound_files WHERE file_type = 'EMAIL'"
                    + " AND status = 'DUPLICATE'");
            assertThat(retaken).as("reports read again after the kill").isBetween(0L, 1L);
            System.out.printf("%s: every email BOUNCED once, %d reports read again after the kill%n", database,
                    retaken);
        }
    }

    private static long reports(FaultEnvironment env) {
        return env.count("SELECT COUNT(*) FROM mail_outbox");
    }

    /** The inbound file name MailboxIntake gives a message. */
    private static String fileName(String messageId) {
        String label = messageId.trim().replaceAll("^<|>$", "").replaceAll("[^A-Za-z0-9._@-]", "_").replace('@', '_');
        return "correo-" + label + ".eml";
    }

    /** A real Postfix bounce (src/test/resources/mail) for one email, with a Message-ID of its own. */
    private static MimeMessage report(String messageId, String recipient) {
        String text = new String(MailFixtures.pointedAt("postfix-dsn-user-unknown.eml", messageId, recipient),
                StandardCharsets.ISO_8859_1).replace("<20261202015055.C49FF1600C0@mail.intertec.co>",
                "<dsn." + messageId.replaceAll("[<>]", "").replace('@', '.') + "@mail.intertec.co>");
        return MailFixtures.parse(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
