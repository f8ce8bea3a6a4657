package co.entrega.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import co.entrega.evidence.BuyerEvents;
import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.InboxFolder;
import co.entrega.support.IngestionLedger;
import co.entrega.support.MailboxReader;
import co.entrega.support.TestSmtp;
import co.entrega.support.OperatorLogin;
import co.entrega.support.PortalClient;
import co.entrega.support.PortalClient.Page;
import co.entrega.support.RadianFixtures;
import com.icegreen.greenmail.util.GreenMail;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The operators' console over real HTTP (and one real-browser pass), against real SMTP (GreenMail): who may enter,
 * rerunning a failed job, resending failed mail, reissuing credentials, fixing a customer's email, the quarantine, and
 * the audit log that records each action.
 */
@EntregaIntegrationTest
class OperationsConsoleTest {

    static final String OPERATOR = "operadora";
    static final String OPERATOR_PASSWORD = "la consola de turno 2026";
    static final int SMTP_PORT = TestSmtp.freePort();
    static GreenMail smtp = TestSmtp.startOn(SMTP_PORT);

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("entrega.operator.username", () -> OPERATOR);
        registry.add("entrega.operator.password", () -> OPERATOR_PASSWORD);
        // One attempt: an SMTP outage ends FAILED at once, for an operator to resend.
        registry.add("entrega.mail.max-attempts", () -> "1");
        registry.add("entrega.portal.login-throttle.address-free-failures", () -> "10000");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder encoder;
    @Value("${entrega.data-dir}")
    Path dataDir;

    private final SampleInvoiceGenerator generator = new SampleInvoiceGenerator();
    /** One login for the class: the authenticator app's codes are accepted once each. */
    private static PortalClient console;

    @BeforeEach
    void logIn() throws Exception {
        if (console == null) {
            console = OperatorLogin.logIn(port, OPERATOR, OPERATOR_PASSWORD);
        }
    }

    @Test
    void onlyOperatorsEnter() throws Exception {
        assertThat(new PortalClient(port).get("/ops").location()).isEqualTo("/ops/login");
        assertThat(new PortalClient(port).get("/ops/clientes").location()).isEqualTo("/ops/login");

        // A customer: 403 in the console.
        String nit = "930000001";
        customerWithPassword(nit, "una frase larga y propia 2026");
        PortalClient customer = new PortalClient(port);
        assertThat(customer.login(nit, "una frase larga y propia 2026").location()).isEqualTo("/facturas");
        Page refused = customer.get("/ops");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("Panel");
        assertThat(customer.get("/ops/clientes").status()).isEqualTo(403);

        // An operator: the console, and no customer pages.
        Page dashboard = console.get("/ops");
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.body()).contains("Panel").contains("Archivos recibidos").contains("Correos");
        assertThat(console.get("/facturas").status()).isEqualTo(403);
        for (String list : List.of("/ops/archivos?estado=REGISTERED", "/ops/archivos?estado=RECORDED", "/ops/eventos",
                "/ops/correos?estado=FAILED", "/ops/cuarentena",
                "/ops/clientes?sinCorreo", "/ops/trabajos", "/ops/rutas", "/ops/auditoria", "/ops/cuenta")) {
            assertThat(console.get(list).status()).as(list).isEqualTo(200);
        }
        assertThat(console.get("/ops/trabajos").body()).contains("notify-recipients").contains("chunk-size");

        // A customer's password does not open the console, nor an operator's the portal.
        PortalClient wrongDoor = new PortalClient(port);
        wrongDoor.get("/ops/login");
        assertThat(wrongDoor.post("/ops/login", Map.of("username", nit, "password", "una frase larga y propia 2026"))
                .location()).isEqualTo("/ops/login?error");
        assertThat(new PortalClient(port).login(OPERATOR, OPERATOR_PASSWORD).location()).isEqualTo("/login?error");
    }

    @Test
    void failedEmailsAreResentOnceAndTheResendIsAudited() throws Exception {
        smtp.stop(); // the relay is down: with one attempt allowed, the emails end FAILED
        Spec invoice = SampleInvoiceGenerator.sample(51001).withCustomer("930000002", "1", "Caída SMTP S.A.S.",
                "caida@smtp.co");
        ingest(invoice);
        await().atMost(Duration.ofSeconds(30)).until(() -> outboxCount("caida@smtp.co", "FAILED") == 3);

        Page failed = console.get("/ops/correos?estado=FAILED");
        assertThat(failed.body()).contains("caida@smtp.co").contains("Reenviar los");
        long activationId = jdbc.sql("SELECT id FROM mail_outbox WHERE recipients = 'caida@smtp.co' AND kind = 'ACTIVATION'")
                .query(Long.class).single();
        Page message = console.get("/ops/correos/" + activationId);
        assertThat(message.body()).contains("FAILED").contains("REENVIAR").contains("caida@smtp.co")
                .containsPattern("Último error</dt><dd class=\"message\">.+</dd>");

        smtp = TestSmtp.startOn(SMTP_PORT); // back
        console.get("/ops/correos?estado=FAILED");
        assertThat(console.post("/ops/correos/reenviar-fallidos", Map.of()).location()).isEqualTo("/ops/correos?estado=FAILED");
        await().atMost(Duration.ofSeconds(30)).until(() -> outboxCount("caida@smtp.co", "SENT") == 3);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> mailsTo("caida@smtp.co").size() == 3);
        assertThat(mailsTo("caida@smtp.co")).extracting(MailboxReader.Mail::subject)
                .containsExactly("Activación de usuario", "Contraseña de acceso",
                        "900123456;Intertec S.A.S.;" + invoice.number() + ";01;Intertec S.A.S.");
        assertThat(console.get("/ops/auditoria").body()).contains("MAIL_RESEND_ALL_FAILED").contains(OPERATOR);

        // The message as the customer received it: the HTML, credentials masked, framable only by the console.
        assertThat(console.get("/ops/correos/" + activationId).body())
                .contains("src=\"/ops/correos/" + activationId + "/html\"");
        Page html = console.get("/ops/correos/" + activationId + "/html");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.body()).contains("Usuario: 930000002").contains("Activación de usuario")
                .doesNotContainPattern("/acceso/[A-Za-z0-9_-]{43}");
        assertThat(html.header("Content-Security-Policy")).contains("style-src 'unsafe-inline'")
                .contains("frame-ancestors 'self'").contains("default-src 'none'");
        assertThat(html.header("X-Frame-Options")).isEqualTo("SAMEORIGIN");
        assertThat(new PortalClient(port).get("/ops/correos/" + activationId + "/html").status()).isIn(302, 401, 403);
        // Resending a message that is not FAILED does nothing.
        console.get("/ops/correos/" + activationId);
        console.post("/ops/correos/" + activationId + "/reenviar", Map.of());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> mailsTo("caida@smtp.co").size() == 3);
    }

    @Test
    void reissuedCredentialsReplaceTheOldOnesAtOnce() throws Exception {
        Spec invoice = SampleInvoiceGenerator.sample(51002).withCustomer("930000003", "2", "Olvido Ltda.",
                "olvido@cliente.co");
        ingest(invoice);
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo("olvido@cliente.co").size() == 3);
        String oldToken = find(ACTIVATION, mailsTo("olvido@cliente.co"), "Activación de usuario");
        String oldPassword = find(PASSWORD, mailsTo("olvido@cliente.co"), "Contraseña de acceso");
        long customerId = jdbc.sql("SELECT id FROM customers WHERE nit = '930000003'").query(Long.class).single();

        Page customer = console.get("/ops/clientes/" + customerId);
        assertThat(customer.body()).contains("Olvido Ltda.").contains("REEMITIR CREDENCIALES").contains(invoice.number());
        assertThat(console.post("/ops/clientes/" + customerId + "/credenciales",
                Map.of("comentario", "llamó: no le llegó la contraseña")).location()).isEqualTo("/ops/clientes/" + customerId);

        // The old URL and password stop working at once.
        PortalClient browser = new PortalClient(port);
        assertThat(browser.get("/acceso/" + oldToken).body()).contains("Este enlace ya no es válido");
        browser.get("/login");
        assertThat(browser.post("/login", Map.of("username", "930000003", "password", oldPassword, "token", oldToken))
                .location()).endsWith("?error");

        // The two emails again, with new credentials that work.
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo("olvido@cliente.co").size() == 5);
        List<MailboxReader.Mail> mails = mailsTo("olvido@cliente.co").subList(3, 5);
        assertThat(mails).extracting(MailboxReader.Mail::subject).containsExactly("Activación de usuario",
                "Contraseña de acceso");
        String newToken = find(ACTIVATION, mails, "Activación de usuario");
        String newPassword = find(PASSWORD, mails, "Contraseña de acceso");
        assertThat(newToken).isNotEqualTo(oldToken);
        browser.get("/acceso/" + newToken);
        assertThat(browser.post("/login", Map.of("username", "930000003", "password", newPassword, "token", newToken))
                .location()).isEqualTo("/cuenta/contrasena");

        assertThat(console.get("/ops/auditoria").body()).contains("CREDENTIALS_REISSUE")
                .contains("llamó: no le llegó la contraseña");
    }

    @Test
    void aReissueRemovesThePasskeysOfTheAccountAndSaysSoToTheCustomer() throws Exception {
        Spec invoice = SampleInvoiceGenerator.sample(51010).withCustomer("930000010", "1", "Llave Ajena S.A.S.",
                "ajena@cliente.co");
        ingest(invoice);
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo("ajena@cliente.co").size() == 3);
        long customerId = jdbc.sql("SELECT id FROM customers WHERE nit = '930000010'").query(Long.class).single();
        // A passkey someone registered on the account (with the leaked credentials, say), as the portal stores one.
        jdbc.sql("INSERT INTO passkey_users (user_handle, realm, username, display_name, created_at) "
                + "VALUES ('dXNlcg', 'CUSTOMER', '930000010', '930000010', CURRENT_TIMESTAMP)").update();
        jdbc.sql("INSERT INTO passkeys (credential_id, realm, user_handle, public_key, signature_count, uv_initialized, "
                + "backup_eligible, backup_state, transports, credential_type, attestation_object, "
                + "attestation_client_data_json, label, created_at, last_used_at) VALUES ('Y3JlZA', 'CUSTOMER', "
                + "'dXNlcg', 'a2V5', 0, TRUE, FALSE, FALSE, 'internal', 'public-key', 'YXR0', 'Y2Q', 'Intruso', "
                + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)").update();

        console.get("/ops/clientes/" + customerId);
        assertThat(console.post("/ops/clientes/" + customerId + "/credenciales", Map.of("comentario", "clave filtrada"))
                .location()).isEqualTo("/ops/clientes/" + customerId);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM passkeys WHERE user_handle = 'dXNlcg'").query(Long.class).single())
                .isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo("ajena@cliente.co").stream()
                .anyMatch(mail -> mail.subject().equals("Se eliminó una llave de acceso de su cuenta")));
        assertThat(console.get("/ops/auditoria").body()).contains("credenciales anteriores y 1 llave(s) de acceso");
    }

    @Test
    void aReissueEndsASessionOpenedWithTheLeakedTemporaryPassword() throws Exception {
        Spec invoice = SampleInvoiceGenerator.sample(51006).withCustomer("930000007", "6", "Filtrada S.A.S.",
                "filtrada@cliente.co");
        ingest(invoice);
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo("filtrada@cliente.co").size() == 3);
        String token = find(ACTIVATION, mailsTo("filtrada@cliente.co"), "Activación de usuario");
        String password = find(PASSWORD, mailsTo("filtrada@cliente.co"), "Contraseña de acceso");
        // Someone who read the mailbox opens a session with the temporary password before the customer calls.
        PortalClient intruder = new PortalClient(port);
        intruder.get("/acceso/" + token);
        assertThat(intruder.post("/login", Map.of("username", "930000007", "password", password, "token", token))
                .location()).isEqualTo("/cuenta/contrasena");
        long customerId = jdbc.sql("SELECT id FROM customers WHERE nit = '930000007'").query(Long.class).single();

        console.get("/ops/clientes/" + customerId);
        console.post("/ops/clientes/" + customerId + "/credenciales", Map.of("comentario", "correo comprometido"));

        // The intruder's session is over before it could choose a password.
        assertThat(intruder.get("/cuenta/contrasena").location()).isEqualTo("/login?caducada");
        assertThat(jdbc.sql("SELECT password_hash FROM portal_accounts WHERE username = '930000007'")
                .query().singleRow().get("password_hash")).isNull();
    }

    @Test
    void anEmailAddedByAnOperatorReleasesTheInvoicesWaitingWithoutOne() throws Exception {
        Spec invoice = SampleInvoiceGenerator.sample(51003).withCustomer("930000004", "3", "Sin Correo S.A.S.", "");
        ingest(invoice);
        assertThat(new IngestionLedger(jdbc).invoice(invoice.number()).get("status")).isEqualTo("SIN_CORREO");
        long customerId = jdbc.sql("SELECT id FROM customers WHERE nit = '930000004'").query(Long.class).single();
        assertThat(console.get("/ops/clientes?sinCorreo").body()).contains("930000004");

        console.get("/ops/clientes/" + customerId);
        Page refused = console.follow(console.post("/ops/clientes/" + customerId + "/correo",
                Map.of("correo", "no es un correo", "comentario", "")));
        assertThat(refused.body()).contains("Dirección de correo no válida");

        Page saved = console.follow(console.post("/ops/clientes/" + customerId + "/correo",
                Map.of("correo", "Pagos@SinCorreo.co", "comentario", "dato del cliente por teléfono")));
        assertThat(saved.body()).contains("1 factura(s) sin correo quedan listas para notificar")
                .contains("pagos@sincorreo.co");

        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo("pagos@sincorreo.co").size() == 3);
        assertThat(console.get("/ops/auditoria").body()).contains("CUSTOMER_EMAIL").contains("pagos@sincorreo.co");
    }

    @Test
    void aQuarantinedFileIsReprocessedOnceItsCauseIsFixedOrDiscardedWithAReason() throws Exception {
        Spec invoice = SampleInvoiceGenerator.sample(51004).withCustomer("930000005", "4", "Tarde S.A.S.", "tarde@cliente.co");
        InboxFolder inbox = new InboxFolder(dataDir.resolve("inbox"));
        IngestionLedger ledger = new IngestionLedger(jdbc);
        // The PDF comes alone and is quarantined after the pair wait; its XML comes later and is registered without it.
        String pdfName = generator.baseName(invoice) + ".pdf";
        inbox.drop(pdfName, generator.pdf(invoice));
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.quarantineOf(pdfName).isPresent());
        inbox.drop(generator.baseName(invoice) + ".xml", generator.invoiceXml(invoice));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                        "SELECT COUNT(*) FROM invoices WHERE number = :n AND pdf_missing = TRUE")
                .param("n", invoice.number()).query(Long.class).single() == 1);
        long quarantineId = jdbc.sql("SELECT q.id FROM quarantine q JOIN inbound_files f ON f.id = q.inbound_file_id "
                + "WHERE f.original_name = :n").param("n", pdfName).query(Long.class).single();

        Page list = console.get("/ops/cuarentena");
        assertThat(list.body()).contains(pdfName).contains("Reprocesar");
        assertThat(console.download("/ops/cuarentena/" + quarantineId + "/original").body())
                .isEqualTo(generator.pdf(invoice));

        Page reprocessed = console.follow(console.post("/ops/cuarentena/" + quarantineId + "/reprocesar",
                Map.of("comentario", "llegó el XML")));
        assertThat(reprocessed.body()).contains("Reprocesado: REGISTERED");
        assertThat(jdbc.sql("SELECT pdf_missing FROM invoices WHERE number = :n").param("n", invoice.number())
                .query(Boolean.class).single()).isFalse();
        assertThat(jdbc.sql("SELECT status FROM quarantine WHERE id = :id").param("id", quarantineId)
                .query(String.class).single()).isEqualTo("REPROCESSED");

        // Another file, hopeless: discarded with a reason, which the audit keeps.
        inbox.drop("vacio-51004.xml", new byte[0]);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.quarantineOf("vacio-51004.xml").isPresent());
        long emptyId = jdbc.sql("SELECT q.id FROM quarantine q JOIN inbound_files f ON f.id = q.inbound_file_id "
                + "WHERE f.original_name = 'vacio-51004.xml'").query(Long.class).single();
        console.get("/ops/cuarentena");
        console.post("/ops/cuarentena/" + emptyId + "/descartar", Map.of("comentario", "archivo vacío del ERP"));
        assertThat(jdbc.sql("SELECT status FROM quarantine WHERE id = :id").param("id", emptyId)
                .query(String.class).single()).isEqualTo("DISCARDED");
        // The list shows the open entries unless asked for others: "Todas" (estado=) shows the resolved ones too.
        assertThat(console.get("/ops/cuarentena").body()).doesNotContain("vacio-51004.xml").doesNotContain(pdfName);
        assertThat(console.get("/ops/cuarentena?estado=DISCARDED").body()).contains("vacio-51004.xml")
                .doesNotContain(pdfName);
        assertThat(console.get("/ops/cuarentena?estado=").body()).contains("vacio-51004.xml").contains(pdfName);
        Map<String, Object> audit = jdbc.sql("SELECT * FROM audit_log WHERE action = 'QUARANTINE_DISCARD' AND target_id = :id")
                .param("id", String.valueOf(emptyId)).query().singleRow();
        assertThat(audit.get("operator")).isEqualTo(OPERATOR);
        assertThat(audit.get("comment_text")).isEqualTo("archivo vacío del ERP");

        // On PostgreSQL the audit log refuses changes whoever asks (H2 has no SQL triggers: only the console's
        // absence of such an action protects it there).
        if ("postgres".equals(System.getProperty("entrega.test.database"))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql(
                            "UPDATE audit_log SET comment_text = 'otra cosa' WHERE action = 'QUARANTINE_DISCARD'").update())
                    .hasMessageContaining("append-only");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_log").update())
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    void theInboxRouteIsSuspendedAndResumedFromTheConsole() throws Exception {
        Page routes = console.get("/ops/rutas");
        assertThat(routes.body()).contains("ingestion-poll-inbox").contains("Started");
        assertThat(console.post("/ops/rutas/ingestion-poll-inbox/suspender", Map.of()).location()).isEqualTo("/ops/rutas");
        assertThat(console.get("/ops/rutas").body()).contains("Suspended").contains("Reanudar");

        Spec invoice = SampleInvoiceGenerator.sample(51005).withCustomer("930000006", "5", "Pausa S.A.S.", "pausa@cliente.co");
        new InboxFolder(dataDir.resolve("inbox")).drop(generator.zipFileName(invoice), generator.dianZip(invoice));
        IngestionLedger ledger = new IngestionLedger(jdbc);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> ledger.inbound(generator.zipFileName(invoice)).isEmpty());

        console.get("/ops/rutas");
        console.post("/ops/rutas/ingestion-poll-inbox/reanudar", Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.inbound(generator.zipFileName(invoice))
                .map(f -> f.status().equals("REGISTERED")).orElse(false));
        assertThat(console.get("/ops/auditoria").body()).contains("ROUTE_SUSPEND").contains("ROUTE_RESUME");
    }

    @Test
    void anOperatorChangesTheirPasswordUnderTheSamePolicy() throws Exception {
        jdbc.sql("INSERT INTO operators (username, password_hash, locked, created_at) "
                        + "VALUES ('turno-noche', :h, FALSE, CURRENT_TIMESTAMP)")
                .param("h", encoder.encode("la clave del turno de noche")).update();
        PortalClient night = OperatorLogin.logIn(port, "turno-noche", "la clave del turno de noche");

        night.get("/ops/cuenta");
        assertThat(night.post("/ops/cuenta", Map.of("actual", "otra cosa", "nueva", "x", "confirmacion", "x")).body())
                .contains("La contraseña actual no es correcta");
        assertThat(night.post("/ops/cuenta", Map.of("actual", "la clave del turno de noche", "nueva", "password1234",
                "confirmacion", "password1234")).body()).contains("muy común");
        assertThat(night.post("/ops/cuenta", Map.of("actual", "la clave del turno de noche",
                "nueva", "amanece en la consola 2026", "confirmacion", "amanece en la consola 2026")).location())
                .isEqualTo("/ops");
        // This session goes on, its second factor with it.
        assertThat(night.get("/ops").status()).isEqualTo(200);

        PortalClient again = new PortalClient(port);
        again.get("/ops/login");
        assertThat(again.post("/ops/login", Map.of("username", "turno-noche", "password", "la clave del turno de noche"))
                .location()).isEqualTo("/ops/login?error");
        assertThat(again.post("/ops/login", Map.of("username", "turno-noche", "password", "amanece en la consola 2026"))
                .location()).isEqualTo("/ops");
        assertThat(console.get("/ops/auditoria").body()).contains("OPERATOR_PASSWORD").contains("turno-noche");
    }

    @Test
    void aFailedCredentialEmailIsNotResentOnceTheCustomerHasChosenAPassword() throws Exception {
        Spec invoice = SampleInvoiceGenerator.sample(51007).withCustomer("930000008", "7", "Ya Activa S.A.S.",
                "activa@cliente.co");
        ingest(invoice);
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo("activa@cliente.co").size() == 3);
        // Say the password email had failed and the customer meanwhile set a password through "¿Olvidó su contraseña?".
        long passwordMail = jdbc.sql("SELECT id FROM mail_outbox WHERE recipients = 'activa@cliente.co' AND kind = 'PASSWORD'")
                .query(Long.class).single();
        jdbc.sql("UPDATE mail_outbox SET status = 'FAILED', last_error = '550 simulated' WHERE id = :id")
                .param("id", passwordMail).update();
        jdbc.sql("UPDATE portal_accounts SET password_hash = :h, must_change_password = FALSE, "
                        + "password_changed_at = CURRENT_TIMESTAMP WHERE username = '930000008'")
                .param("h", encoder.encode("la que eligió el cliente 2026")).update();

        console.get("/ops/correos/" + passwordMail);
        console.post("/ops/correos/" + passwordMail + "/reenviar", Map.of());

        // Resending it would replace the customer's password with a temporary one: it is superseded instead.
        assertThat(jdbc.sql("SELECT status FROM mail_outbox WHERE id = :id").param("id", passwordMail)
                .query(String.class).single()).isEqualTo("SUPERSEDED");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> mailsTo("activa@cliente.co").size() == 3);
        assertThat(new PortalClient(port).login("930000008", "la que eligió el cliente 2026").location())
                .isEqualTo("/facturas");
    }

    private static final Pattern ACTIVATION = Pattern.compile("/acceso/([A-Za-z0-9_-]{43})");
    private static final Pattern PASSWORD = Pattern.compile("\nContraseña: (\\S+)\n");

    @Test
    void theBuyersEventsPageListsTheTacitAcceptancesDueAndTheClaimsAndServesTheirCsv() throws Exception {
        Spec due = SampleInvoiceGenerator.sample(66001);
        Spec claimed = SampleInvoiceGenerator.sample(66002);
        ingest(due);
        ingest(claimed);
        // Long enough ago for three business days to have run whatever the holidays.
        LocalDate received = LocalDate.now(BuyerEvents.ISSUER_ZONE).minusDays(20);
        event(due, "030", received);
        event(due, "032", received);
        event(claimed, "030", received);
        event(claimed, "031", received);

        Page page = console.get("/ops/eventos");
        assertThat(page.status()).isEqualTo(200);
        String dueSection = page.body().substring(0, page.body().indexOf("id=\"reclamos\""));
        assertThat(dueSection).contains(due.number()).contains(due.cufe()).doesNotContain(claimed.number());
        assertThat(page.body().substring(page.body().indexOf("id=\"reclamos\""))).contains(claimed.number())
                .contains("mercancía no entregada totalmente").contains("Llegaron 40 de las 50 cajas");

        Page csv = console.get("/ops/eventos/aceptacion-tacita.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).startsWith("attachment").contains("aceptacion-tacita-");
        assertThat(csv.body()).startsWith("numero_factura,cufe,nit_adquiriente,nombre_adquiriente,fecha_recibo_032,"
                        + "fecha_aceptacion_tacita\r\n")
                .contains(due.number() + "," + due.cufe() + "," + due.customerNit() + ",")
                .doesNotContain(claimed.number());
        assertThat(new PortalClient(port).get("/ops/eventos/aceptacion-tacita.csv").location()).isEqualTo("/ops/login");
    }

    private void event(Spec invoice, String code, LocalDate date) throws Exception {
        String name = "evento-" + code + "-" + invoice.number() + ".xml";
        new InboxFolder(dataDir.resolve("inbox")).drop(name, RadianFixtures.bare(RadianFixtures.on(invoice, code, date)));
        IngestionLedger ledger = new IngestionLedger(jdbc);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.inbound(name)
                .map(f -> f.status().equals("RECORDED")).orElse(false));
    }

    private void ingest(Spec spec) throws Exception {
        new InboxFolder(dataDir.resolve("inbox")).drop(generator.zipFileName(spec), generator.dianZip(spec));
        IngestionLedger ledger = new IngestionLedger(jdbc);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.inbound(generator.zipFileName(spec))
                .map(f -> f.status().equals("REGISTERED")).orElse(false));
    }

    private long outboxCount(String recipients, String status) {
        return jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE recipients = :r AND status = :s")
                .param("r", recipients).param("s", status).query(Long.class).single();
    }

    private List<MailboxReader.Mail> mailsTo(String to) throws Exception {
        return MailboxReader.read(smtp.getReceivedMessages()).stream().filter(m -> to.equals(m.to())).toList();
    }

    private static String find(Pattern pattern, List<MailboxReader.Mail> mails, String subject) {
        MailboxReader.Mail mail = mails.stream().filter(m -> m.subject().equals(subject)).findFirst().orElseThrow();
        Matcher matcher = pattern.matcher(mail.text());
        assertThat(matcher.find()).as(subject).isTrue();
        return matcher.group(1);
    }



    private void customerWithPassword(String nit, String password) {
        jdbc.sql("INSERT INTO customers (nit, name, email, email_source, created_at, updated_at) "
                        + "VALUES (:nit, :name, :email, 'MASTER', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                .param("nit", nit).param("name", "Cliente " + nit).param("email", nit + "@example.co").update();
        long customerId = jdbc.sql("SELECT id FROM customers WHERE nit = :nit").param("nit", nit).query(Long.class).single();
        jdbc.sql("INSERT INTO portal_accounts (customer_id, username, password_hash, must_change_password, locked, "
                        + "password_changed_at, created_at, updated_at) "
                        + "VALUES (:c, :u, :h, FALSE, FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                .param("c", customerId).param("u", nit).param("h", encoder.encode(password)).update();
    }
}
