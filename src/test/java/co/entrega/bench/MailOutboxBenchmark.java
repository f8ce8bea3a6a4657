package co.entrega.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import co.entrega.EntregaApplication;
import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.notification.NotifyJobRunner;
import co.entrega.support.CountingSmtpRelay;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import org.apache.camel.CamelContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Emails per second through the mail outbox, with its floor, in two parts.
 * <ol>
 * <li>To a local SMTP server (GreenMail on 127.0.0.1): N invoices are ingested and queued by notify-recipients with
 * the sender route stopped; then the route is started and the clock runs until every outbox row is SENT. Each email
 * is composed from the templates, the invoice email with its ZIP attachment built from the stored documents.
 * <b>Floor</b>: the very messages GreenMail received, sent again in a plain JavaMail loop over one reused
 * connection.</li>
 * <li>To a slow relay (every SMTP command answered after a delay, 20 ms by default): the first M emails of the
 * outbox are made due again and sent by a service started with 1, 4, 8 and 16 senders, one run each; the relay
 * counts the connections. Floor: the same M messages over one reused connection to the same relay.</li>
 * </ol>
 * Run with {@code bench/mail.sh [N] [M] [delay ms] [senders,...]} (default 1,000 invoices, 300 emails, 20 ms,
 * 1,4,8,16).
 */
public final class MailOutboxBenchmark {

    public static void main(String[] args) throws Exception {
        int invoices = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int slowEmails = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int delayMs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int[] senderCounts = Arrays.stream((args.length > 3 ? args[3] : "1,4,8,16").split(","))
                .mapToInt(Integer::parseInt).toArray();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.icegreen"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Path dir = Files.createTempDirectory("entrega-mail-bench-");
        Path staging = Files.createDirectories(dir.resolve("staging"));
        Path inbox = dir.resolve("data/inbox");
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        List<String> out = new ArrayList<>();
        List<MimeMessage> received;
        try (ConfigurableApplicationContext context = start(dir, smtp.getSmtp().getPort(), 8, true)) {
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

            double seconds = drain(camel, jdbc, emails);
            long sent = count(jdbc, "SELECT COUNT(*) FROM mail_outbox WHERE status = 'SENT'");
            received = List.of(smtp.getReceivedMessages());
            smtp.purgeEmailFromAllMailboxes();
            double floorSeconds = floor(received, smtp.getSmtp().getPort());
            out.add("");
            out.add("| invoices | emails queued | emails sent | received by SMTP | seconds | emails/s"
                    + " | floor s | floor emails/s | Entrega / floor |");
            out.add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            out.add(String.format(Locale.ROOT, "| %,d | %,d | %,d | %,d | %.1f | %.0f | %.1f | %.0f | %.2f |",
                    invoices, emails, sent, received.size(), seconds, sent / seconds, floorSeconds,
                    received.size() / floorSeconds, floorSeconds / seconds * sent / received.size()));
            out.add("(at " + OffsetDateTime.now() + "; H2 file database; GreenMail SMTP on 127.0.0.1, 8 senders)");
        } finally {
            smtp.stop();
        }

        int emails = Math.min(slowEmails, received.size());
        try (CountingSmtpRelay relay = new CountingSmtpRelay(Duration.ofMillis(delayMs), 0)) {
            double floorSeconds = floor(received.subList(0, emails), relay.port());
            double floorRate = emails / floorSeconds;
            out.add("");
            out.add("Relay answering each SMTP command after " + delayMs + " ms; " + emails
                    + " emails per run; floor (one reused connection, plain JavaMail): "
                    + String.format(Locale.ROOT, "%.1f emails/s", floorRate));
            out.add("");
            out.add("| senders | emails | accepted by relay | connections | seconds | emails/s | Entrega / floor |");
            out.add("|---:|---:|---:|---:|---:|---:|---:|");
            for (int senders : senderCounts) {
                try (ConfigurableApplicationContext context = start(dir, relay.port(), senders, false)) {
                    JdbcClient jdbc = context.getBean(JdbcClient.class);
                    makeDueAgain(jdbc, emails);
                    relay.clear();
                    double seconds = drain(context.getBean(CamelContext.class), jdbc, count(jdbc,
                            "SELECT COUNT(*) FROM mail_outbox"));
                    out.add(String.format(Locale.ROOT, "| %d | %,d | %,d | %,d | %.1f | %.1f | %.2f |", senders,
                            emails, relay.accepted().size(), relay.connections(), seconds, emails / seconds,
                            emails / seconds / floorRate));
                }
            }
        }
        out.forEach(System.out::println);
        System.exit(0);
    }

    private static ConfigurableApplicationContext start(Path dir, int smtpPort, int senders, boolean routes) {
        List<String> args = new ArrayList<>(List.of("--entrega.data-dir=" + dir.resolve("data"), "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("data/db/entrega"),
                "--entrega.samples.seed-on-start=false", "--entrega.ingestion.pair-wait=10m",
                "--entrega.jobs.notify-recipients.run-after-ingestion=false",
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtpPort,
                "--entrega.mail.senders=" + senders,
                "--entrega.mail.poll-interval=100ms", "--logging.level.co.entrega=WARN"));
        if (!routes) { // a rerun: only the sender route is started, once the emails are due again
            args.add("--camel.main.auto-startup=false");
            args.add("--entrega.jobs.notify-recipients.enabled=false");
        }
        return new SpringApplicationBuilder(EntregaApplication.class).run(args.toArray(String[]::new));
    }

    /** Starts the sender route and waits until no email is waiting or being sent. @return seconds */
    private static double drain(CamelContext camel, JdbcClient jdbc, long emails) throws Exception {
        long start = System.nanoTime();
        camel.getRouteController().startRoute("notification-send-mail");
        waitUntil(() -> count(jdbc, "SELECT COUNT(*) FROM mail_outbox WHERE status <> 'PENDING' AND status <> 'SENDING'")
                == emails, Duration.ofMinutes(20));
        double seconds = (System.nanoTime() - start) / 1e9;
        camel.getRouteController().stopRoute("notification-send-mail");
        return seconds;
    }

    /** The first {@code emails} of the outbox (in queue order) are due again, as if never sent. */
    private static void makeDueAgain(JdbcClient jdbc, int emails) {
        long last = jdbc.sql("SELECT id FROM mail_outbox ORDER BY id LIMIT 1 OFFSET :n").param("n", emails - 1)
                .query(Long.class).single();
        jdbc.sql("""
                UPDATE mail_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = :now, sent_at = NULL,
                                       claimed_at = NULL, claimed_by = NULL
                WHERE id <= :last""").param("now", OffsetDateTime.now(ZoneOffset.UTC)).param("last", last).update();
    }

    /** The same messages over one reused connection, in a plain JavaMail loop. @return seconds */
    private static double floor(List<MimeMessage> messages, int port) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", Integer.toString(port));
        // Without TCP_NODELAY the end-of-data line waits for the ACK of the message's last segment, which the server
        // delays (~40 ms on Linux): a plain loop of messages with attachments ran at ~23/s against GreenMail.
        properties.put("mail.smtp.socketFactory", new NoDelaySockets());
        Session session = Session.getInstance(properties);
        long start = System.nanoTime();
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            for (MimeMessage message : messages) {
                transport.sendMessage(message, message.getAllRecipients());
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Plain sockets with TCP_NODELAY, for JavaMail's {@code mail.smtp.socketFactory}. */
    static final class NoDelaySockets extends javax.net.SocketFactory {
        @Override
        public java.net.Socket createSocket() throws java.io.IOException {
            java.net.Socket socket = new java.net.Socket();
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws java.io.IOException {
            return createSocket(java.net.InetAddress.getByName(host), port);
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress local, int localPort)
                throws java.io.IOException {
            return createSocket(java.net.InetAddress.getByName(host), port);
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws java.io.IOException {
            java.net.Socket socket = createSocket();
            socket.connect(new java.net.InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port, java.net.InetAddress local,
                                            int localPort) throws java.io.IOException {
            return createSocket(host, port);
        }
    }

    private static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration limit) {
        org.awaitility.Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(50))
                .until(condition::getAsBoolean);
    }
}
