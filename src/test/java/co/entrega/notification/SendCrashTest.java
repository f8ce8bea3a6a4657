package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import co.entrega.support.MailboxReader;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.TestSmtp;
import com.icegreen.greenmail.util.GreenMail;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * The SMTP server accepted a message but recording it as SENT failed (the database did not answer): the sender,
 * which knows the relay has it, records it again until it succeeds, so it is never sent twice. (A process that dies
 * in that instant leaves it in doubt: it goes once more with the same Message-ID, see CrashRecoveryFaultIT.)
 */
@EntregaIntegrationTest
@DirtiesContext
class SendCrashTest {

    static final GreenMail smtp = TestSmtp.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry, smtp);
        registry.add("entrega.mail.claim-timeout", () -> "2s");
    }

    @AfterAll
    static void stop() {
        smtp.stop();
    }

    @MockitoSpyBean
    MailOutbox outbox;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    org.apache.camel.CamelContext camel;
    @Value("${entrega.data-dir}")
    Path dataDir;

    @Test
    void aFailureToRecordSentIsRetriedAndTheMessageIsNeverSentTwice() throws Exception {
        AtomicBoolean crashed = new AtomicBoolean();
        SenderPause.whileStubbing(camel, () ->
            doAnswer(invocation -> {
                String subject = invocation.<ComposedMail>getArgument(1).subject();
                if (subject.startsWith("900123456;") && crashed.compareAndSet(false, true)) {
                    throw new org.springframework.dao.DataAccessResourceFailureException("simulated: database gone");
                }
                return invocation.callRealMethod();
            }).when(outbox).markSent(anyLong(), any(), any()));
        NotificationFixture fixture = new NotificationFixture(dataDir, jdbc);

        fixture.ingest(fixture.invoiceFor(33001, "877888999", "compras@crash.co"));

        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.outboxCount("SENT") == 3);
        assertThat(crashed).as("recording SENT failed once").isTrue();
        // past the claim timeout (2 s here): a sender taking the claim over would have sent it again by now
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> fixture.outboxCount("SENT") == 3
                && MailboxReader.read(smtp.getReceivedMessages()).stream()
                        .filter(mail -> mail.subject().startsWith("900123456;")).count() == 1);
        List<MailboxReader.Mail> invoices = MailboxReader.read(smtp.getReceivedMessages()).stream()
                .filter(mail -> mail.subject().startsWith("900123456;")).toList();
        assertThat(invoices).hasSize(1);
        assertThat(invoices.get(0).messageId())
                .isEqualTo("<entrega.invoice." + jdbc.sql("SELECT id FROM invoices").query(Long.class).single()
                        + "@intertec.co>");
    }
}
