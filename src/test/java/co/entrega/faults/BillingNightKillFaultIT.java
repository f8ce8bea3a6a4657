package co.entrega.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenario of issue 12 as a new user met it: 2,000 DIAN ZIPs for 50 new customers dropped at once, the service
 * killed with {@code kill -9} while it ingests them (here: once a quarter of them has left the inbox), started again
 * and left to finish, on the embedded default (H2, folder inbox) and on PostgreSQL. Every invoice is registered and
 * emailed, and each customer gets their activation and password email, each as one message (copies with the same
 * Message-ID counted and reported). {@code -Dentrega.faults.repeat=N} runs it N times per database.
 */
class BillingNightKillFaultIT {

    private static final int ZIPS = 2_000;
    private static final int CUSTOMERS = 50;

    static Stream<Arguments> runs() {
        int repeat = Integer.getInteger("entrega.faults.repeat", 1);
        return Stream.of(FaultEnvironment.Database.values())
                .flatMap(database -> IntStream.rangeClosed(1, repeat).mapToObj(run -> Arguments.of(database, run)));
    }

    @ParameterizedTest(name = "{0}, run {1}")
    @MethodSource("runs")
    void twoThousandZipsFiftyCustomersKillNineRestartEachEmailOnce(FaultEnvironment.Database database, int run)
            throws Exception {
        try (FaultEnvironment env = new FaultEnvironment("night-" + database.name().toLowerCase() + "-" + run,
                database);
             PackagedService service = env.install("instance-1", Map.of(
                     "ENTREGA_CLUSTER_LOCK_EXPIRY", "2m", "ENTREGA_MAIL_CLAIM_TIMEOUT", "5m")).start()) {
            SampleInvoiceGenerator generator = new SampleInvoiceGenerator();
            List<String> files = new ArrayList<>();
            for (int i = 1; i <= ZIPS; i++) {
                int customer = i % CUSTOMERS;
                Spec spec = SampleInvoiceGenerator.sample(10_000 + i).withCustomer(
                        Long.toString(800_100_000L + customer), null, "Cliente de prueba " + customer + " S.A.S.",
                        "facturas@cliente" + customer + ".example.co");
                env.drop(generator.zipFileName(spec), generator.dianZip(spec));
                files.add(generator.zipFileName(spec));
            }
            int emails = ZIPS + 2 * CUSTOMERS;

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                    .until(() -> env.inInbox().size() <= ZIPS * 3 / 4);
            service.kill();
            System.out.printf("%s run %d: kill -9 with %d of %d ZIPs still in the inbox, %d emails received%n",
                    database, run, env.inInbox().size(), ZIPS, env.distinctAccepted());
            env.assertEveryFileRecordedOrInInbox(files);

            service.start();
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> env.inInbox().isEmpty() && env.distinctAccepted() >= emails);
            service.stop();

            env.assertEveryFileRecordedOrInInbox(files);
            env.assertEachFileAndEmailHandledOnce(files.size(), ZIPS, FaultEnvironment.INBOX_WORKERS, 8);
            assertThat(env.distinctAccepted()).as("different emails received").isEqualTo(emails);
            assertThat(env.count("SELECT COUNT(*) FROM portal_accounts")).as("accounts").isEqualTo(CUSTOMERS);
            System.out.printf("%s run %d: %d invoices registered, %d emails (%d activation + %d password + %d"
                    + " invoice); %d ZIPs taken again, %d emails accepted twice%n", database, run,
                    env.count("SELECT COUNT(*) FROM invoices"), env.count("SELECT COUNT(*) FROM mail_outbox"),
                    env.count("SELECT COUNT(*) FROM mail_outbox WHERE kind = 'ACTIVATION'"),
                    env.count("SELECT COUNT(*) FROM mail_outbox WHERE kind = 'PASSWORD'"),
                    env.count("SELECT COUNT(*) FROM mail_outbox WHERE kind = 'INVOICE'"),
                    env.count("SELECT COUNT(*) FROM inbound_files WHERE status = 'DUPLICATE'"),
                    env.accepted() - env.distinctAccepted());
        }
    }
}
