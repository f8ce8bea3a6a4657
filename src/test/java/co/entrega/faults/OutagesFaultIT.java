package co.entrega.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The outages operators meet, each against the packaged service as a real process, which is never restarted: it must
 * recover by itself. An SMTP relay down for a minute in the middle of a run; the SFTP server down and back; PostgreSQL
 * restarted under load.
 */
class OutagesFaultIT {

    private static final int SENDERS = 8;
    private static final int WORKERS = FaultEnvironment.INBOX_WORKERS;

    @Test
    void smtpDownForAMinuteDuringARunEverythingIsDeliveredAfterwardsOnce() throws Exception {
        try (FaultEnvironment env = new FaultEnvironment("smtp");
             PackagedService service = env.install("instance-1").start()) {
            int files = env.dropBacklog(300, 1);
            await().atMost(Duration.ofMinutes(3)).until(() -> env.accepted() >= 10);

            env.stopSmtp();
            long outageStart = System.nanoTime();
            // While the relay is down, sends fail and are put back for a retry, not given up.
            await().atMost(Duration.ofSeconds(50)).until(() ->
                    env.count("SELECT COUNT(*) FROM mail_outbox WHERE status = 'PENDING' AND attempts > 0") > 0);
            // For the rest of the minute the relay stays down, and no email is ever given up on.
            Duration rest = Duration.ofMinutes(1).minus(Duration.ofNanos(System.nanoTime() - outageStart));
            await().during(rest).atMost(rest.plusSeconds(10)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> env.count("SELECT COUNT(*) FROM mail_outbox WHERE status = 'FAILED'") == 0);
            env.startSmtp();

            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> env.settled(files));
            env.assertEachFileAndEmailHandledOnce(files, 300, 0, SENDERS);
            assertThat(service.alive()).isTrue();
            assertThat(service.starts()).isEqualTo(1);
            System.out.printf("SMTP outage: %d emails, %d accepted twice%n",
                    env.count("SELECT COUNT(*) FROM mail_outbox"),
                    env.accepted() - env.count("SELECT COUNT(*) FROM mail_outbox"));
        }
    }

    @Test
    void sftpDownAndBackThenPostgresRestartedUnderLoadTheServiceRecoversByItself() throws Exception {
        try (FaultEnvironment env = new FaultEnvironment("sftp-pg");
             PackagedService service = env.install("instance-1").start()) {
            // SFTP down in the middle of a 300-invoice backlog: downloads are cut, polls fail, the route keeps polling.
            int files = env.dropBacklog(300, 1);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> env.count("SELECT COUNT(*) FROM invoices") >= 50);
            env.sftp().pause();
            long settledDuringOutage = env.settledFiles();
            // For several polls the server stays down, and nothing more of the backlog can be taken meanwhile.
            int backlog = files;
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> env.settledFiles() < backlog);
            env.sftp().resume();
            int afterSftp = files;
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> env.settled(afterSftp));
            System.out.printf("SFTP outage: %d of %d files settled when it went down%n", settledDuringOutage, files);

            // PostgreSQL down for 20 s in the middle of another 300-invoice backlog: transactions, claims, their
            // renewals and releases, the outbox and the job repository all fail meanwhile.
            files += env.dropBacklog(300, 1_001);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> env.count("SELECT COUNT(*) FROM invoices") >= 300 + 50);
            env.restartPostgres(Duration.ofSeconds(20));
            int all = files;
            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1)).until(() -> env.settled(all));

            // A transaction that committed as PostgreSQL went down may look failed to the service: its file is taken again
            // and recognised as the same file (a DUPLICATE record), at most one per inbox worker.
            env.assertEachFileAndEmailHandledOnce(files, 600, WORKERS, SENDERS);
            assertThat(service.alive()).isTrue();
            assertThat(service.starts()).isEqualTo(1);
            assertThat(service.ready()).isTrue();
        }
    }
}
