package co.entrega.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

import co.entrega.EntregaApplication;
import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.notification.NotifyJobRunner;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

import org.apache.camel.CamelContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Emails per second through the mail outbox to a local SMTP server (GreenMail on 127.0.0.1). N invoices are
 * ingested and queued by notify-recipients with the sender route stopped; then the route is started and the clock
 * runs until every outbox row is SENT. Each email is composed from the templates, the invoice email with its ZIP
 * attachment built from the stored documents. Run with bench/mail.sh [N] (default 1,000 invoices).
 */
public final class MailOutboxBenchmark {

    public static void main(String[] args) throws Exception {
        // Usage: MailOutboxBenchmark [invoices]
        int invoices = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path dir = Files.createTempDirectory("entrega-mail-bench-");
        Path staging = Files.createDirectories(dir.resolve("staging"));
        Path inbox = dir.resolve("data/inbox");
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EntregaApplication.class)
                .run("--entrega.data-dir=" + dir.resolve("data"), "--server.port=0",
                        "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("data/db/entrega"),
                        "--entrega.samples.seed-on-start=false", "--entrega.ingestion.pair-wait=10m",
                        "--entrega.jobs.notify-recipients.run-after-ingestion=false",
                        "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.getSmtp().getPort(),
                        "--entrega.mail.poll-interval=100ms", "--logging.level.co.entrega=WARN")) {
            CamelContext camel = context.getBean(CamelContext.class);
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            camel.getRouteController().stopRoute("notification-send-mail");

            List<Path> files = new SampleInvoiceGenerator().writeSamples(staging, invoices, 1);
            Files.createDirectories(inbox);
            for (Path file : files) {
                Files.move(file, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
            waitUntil(() -> count(jdbc, "SELECT COUNT(*) FROM invoices") == invoices, Duration.ofMinutes(10));
            context.getBean(NotifyJobRunner.class).runNow();
            long emails = count(jdbc, "SELECT COUNT(*) FROM mail_outbox");

            long start = System.nanoTime();
            camel.getRouteController().startRoute("notification-send-mail");
            waitUntil(() -> count(jdbc, "SELECT COUNT(*) FROM mail_outbox WHERE status <> 'PENDING' AND status <> 'SENDING'")
                    == emails, Duration.ofMinutes(20));
            double seconds = (System.nanoTime() - start) / 1e9;
            long sent = count(jdbc, "SELECT COUNT(*) FROM mail_outbox WHERE status = 'SENT'");
            System.out.println();
            System.out.println("| invoices | emails queued | emails sent | received by SMTP | seconds | emails/s |");
            System.out.println("|---:|---:|---:|---:|---:|---:|");
            System.out.printf(Locale.ROOT, "| %,d | %,d | %,d | %,d | %.1f | %.0f |%n", invoices, emails, sent,
                    smtp.getReceivedMessages().length, seconds, sent / seconds);
            System.out.println("(at " + OffsetDateTime.now() + "; H2 file database; GreenMail SMTP on 127.0.0.1)");
        } finally {
            smtp.stop();
        }
        System.exit(0);
    }

    private static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration limit) {
        org.awaitility.Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(200))
                .until(condition::getAsBoolean);
    }
}
