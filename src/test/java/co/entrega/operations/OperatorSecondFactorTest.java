package co.entrega.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

import co.entrega.factors.RecoveryCodes;
import co.entrega.factors.TotpAuthenticators;
import co.entrega.support.AuthenticatorApp;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.OperatorLogin;
import co.entrega.support.PortalClient;
import co.entrega.support.PortalClient.Page;

/**
 * The operator's second factor over real HTTP: required after the password (nothing but enrolment opens without it),
 * an authenticator app's codes accepted once and throttled when wrong, recovery codes that work once, and a recent
 * factor asked again before reissuing credentials, changing an address or resending. Each test has its own operator:
 * a throttled or used code of one must not decide another's.
 */
@EntregaIntegrationTest
class OperatorSecondFactorTest {

    static final String PASSWORD = "una consola con dos llaves 2026";

    /** The console's clock, moved forward by a test to age the factor given at login. */
    static final AtomicReference<Duration> AHEAD = new AtomicReference<>(Duration.ZERO);

    @TestConfiguration
    static class MovableClock {
        @Bean
        @Primary
        ConsoleClock movableConsoleClock() {
            return new ConsoleClock(new Clock() {
                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return Instant.now().plus(AHEAD.get());
                }
            });
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    OperatorAccounts operators;
    @Autowired
    TotpAuthenticators authenticators;
    @Autowired
    RecoveryCodes recoveryCodes;
    @Autowired
    AuditLog audit;
    @Autowired
    co.entrega.factors.Passkeys passkeys;

    @AfterEach
    void clockBack() {
        AHEAD.set(Duration.ZERO);
    }

    @Test
    void withoutASecondFactorAnOperatorReachesOnlyTheEnrolmentPage() throws Exception {
        String operator = newOperator("sin-factor");
        PortalClient console = new PortalClient(port);
        console.get("/ops/login");
        assertThat(console.post("/ops/login", Map.of("username", operator, "password", PASSWORD)).location())
                .isEqualTo("/ops");
        for (String page : List.of("/ops", "/ops/clientes", "/ops/correos", "/ops/auditoria", "/ops/cuenta",
                "/ops/constancias.csv?desde=2026-01-01&hasta=2026-12-31")) {
            assertThat(console.get(page).location()).as(page).isEqualTo("/ops/segundo-factor");
        }
        assertThat(console.get("/ops/segundo-factor").location()).isEqualTo("/ops/segundo-factor/inscribir");
        // An action is refused too, and not done.
        console.get("/ops/segundo-factor/inscribir");
        assertThat(console.post("/ops/correos/reenviar-fallidos", Map.of()).location())
                .isEqualTo("/ops/segundo-factor");
        assertThat(auditCount(operator, "MAIL_RESEND_ALL_FAILED")).isZero();

        Page enrolment = console.get("/ops/segundo-factor/inscribir");
        assertThat(enrolment.body()).contains("<svg").contains("id=\"clave\"");
        String account = OperatorLogin.account(port, operator);
        String secret = AuthenticatorApp.scan(account, enrolment.body());
        Page wrong = console.post("/ops/segundo-factor/inscribir", Map.of("codigo", otherCode(secret)));
        assertThat(wrong.body()).contains("El código no es correcto o ya se usó");
        assertThat(authenticators.enrolled(co.entrega.factors.Realm.OPERATOR, idOf(operator))).isFalse();

        Page codes = console.post("/ops/segundo-factor/inscribir", Map.of("codigo", AuthenticatorApp.nextCode(account)));
        List<String> recovery = OperatorLogin.recoveryCodes(codes.body());
        assertThat(recovery).hasSize(10).doesNotHaveDuplicates();
        assertThat(codes.body()).contains("no se volverán a mostrar").contains("href=\"/ops/correos\"");
        // Stored hashed only, and the secret stays the server's.
        List<String> hashes = jdbc.sql("SELECT code_hash FROM recovery_codes WHERE account_id = :id")
                .param("id", idOf(operator)).query(String.class).list();
        assertThat(hashes).hasSize(10).allSatisfy(hash -> assertThat(recovery).noneMatch(hash::contains));
        assertThat(auditCount(operator, "OPERATOR_SECOND_FACTOR_ENROLLED")).isEqualTo(1);

        Page dashboard = console.get("/ops");
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.body()).contains("id=\"correos-fallidos\"");
        assertThat(console.get("/ops/cuenta").body()).contains("id=\"codigos-restantes\">10<");
        // Enrolment once more from the account page (a new phone): allowed with the factor just given.
        assertThat(console.get("/ops/segundo-factor/inscribir").body()).contains("Cambiar la aplicación");
    }

    @Test
    void aWrongOrReusedCodeIsRefusedAndWrongCodesAreThrottled() throws Exception {
        String operator = newOperator("codigos");
        String account = OperatorLogin.account(port, operator);
        OperatorLogin.logIn(port, operator, PASSWORD);

        PortalClient first = passwordOnly(operator);
        Page prompt = first.follow(first.get("/ops"));
        assertThat(prompt.body()).contains("id=\"verificar\"");
        assertThat(first.post("/ops/segundo-factor", Map.of("codigo", otherCode(AuthenticatorApp.secretOf(account))))
                .body()).contains("El código no es correcto o ya se usó");
        String code = AuthenticatorApp.nextCode(account);
        assertThat(first.post("/ops/segundo-factor", Map.of("codigo", code)).location()).isEqualTo("/ops");
        assertThat(first.get("/ops").status()).isEqualTo(200);

        // The same code, a moment later, from another browser: refused.
        PortalClient second = passwordOnly(operator);
        second.follow(second.get("/ops"));
        assertThat(second.post("/ops/segundo-factor", Map.of("codigo", code)).body())
                .contains("El código no es correcto o ya se usó");
        assertThat(second.get("/ops").location()).isEqualTo("/ops/segundo-factor");

        // Wrong codes in a row lock the code form, the right code included, as the password form does.
        for (int i = 0; i < 4; i++) {
            assertThat(second.post("/ops/segundo-factor", Map.of("codigo", "000000")).body())
                    .contains("El código no es correcto");
        }
        // (the app's code of this moment: right but for its step, already used, which a throttled form never checks)
        assertThat(second.post("/ops/segundo-factor", Map.of("codigo",
                AuthenticatorApp.codeAt(AuthenticatorApp.secretOf(account), Instant.now()))).body())
                .contains("Demasiados intentos fallidos");
        assertThat(second.get("/ops").location()).isEqualTo("/ops/segundo-factor");
    }

    @Test
    void aRecoveryCodeOpensTheConsoleOnce() throws Exception {
        String operator = newOperator("recupera");
        PortalClient enrolled = new PortalClient(port);
        List<String> codes = OperatorLogin.logIn(enrolled, port, operator, PASSWORD).recoveryCodes();
        String code = codes.get(3);

        PortalClient lostPhone = passwordOnly(operator);
        lostPhone.follow(lostPhone.get("/ops"));
        lostPhone.get("/ops/segundo-factor/recuperacion");
        // Typed as people do: upper case, without the dash.
        Page in = lostPhone.post("/ops/segundo-factor/recuperacion",
                Map.of("codigo", code.replace("-", "").toUpperCase(java.util.Locale.ROOT)));
        assertThat(in.location()).isEqualTo("/ops/cuenta");
        Page account = lostPhone.get("/ops/cuenta");
        assertThat(account.body()).contains("le quedan 9").contains("id=\"codigos-restantes\">9<");
        assertThat(auditCount(operator, "OPERATOR_RECOVERY_CODE_USED")).isEqualTo(1);

        PortalClient again = passwordOnly(operator);
        again.follow(again.get("/ops"));
        again.get("/ops/segundo-factor/recuperacion");
        assertThat(again.post("/ops/segundo-factor/recuperacion", Map.of("codigo", code)).body())
                .contains("no es correcto o ya se usó");
        assertThat(again.get("/ops").location()).isEqualTo("/ops/segundo-factor");
        assertThat(recoveryCodes.remaining(co.entrega.factors.Realm.OPERATOR, idOf(operator))).isEqualTo(9);
    }

    @Test
    void credentialsAddressesAndResendsAskForARecentSecondFactor() throws Exception {
        String operator = newOperator("reciente");
        String account = OperatorLogin.account(port, operator);
        PortalClient console = OperatorLogin.logIn(port, operator, PASSWORD);
        long customer = newCustomer();

        console.get("/ops/clientes/" + customer);
        assertThat(console.post("/ops/clientes/" + customer + "/correo",
                Map.of("correo", "primero@cliente.co", "comentario", "dato del cliente")).location())
                .isEqualTo("/ops/clientes/" + customer);
        assertThat(emailOf(customer)).isEqualTo("primero@cliente.co");

        AHEAD.set(Duration.ofMinutes(16));
        // Pages still open; the actions ask for the factor again and are not done.
        assertThat(console.get("/ops/clientes/" + customer).status()).isEqualTo(200);
        assertThat(console.post("/ops/clientes/" + customer + "/credenciales", Map.of("comentario", "x")).location())
                .isEqualTo("/ops/segundo-factor");
        assertThat(console.post("/ops/correos/reenviar-fallidos", Map.of()).location()).isEqualTo("/ops/segundo-factor");
        assertThat(auditCount(operator, "MAIL_RESEND_ALL_FAILED")).isZero();
        assertThat(console.get("/ops/segundo-factor/inscribir").location()).isEqualTo("/ops/segundo-factor");
        assertThat(console.post("/ops/clientes/" + customer + "/correo",
                Map.of("correo", "segundo@cliente.co", "comentario", "otro dato")).location())
                .isEqualTo("/ops/segundo-factor");
        assertThat(emailOf(customer)).isEqualTo("primero@cliente.co");

        Page prompt = console.get("/ops/segundo-factor");
        assertThat(prompt.body()).contains("últimos 15 minutos");
        String code = AuthenticatorApp.codeAt(AuthenticatorApp.secretOf(account), Instant.now().plus(AHEAD.get()));
        Page back = console.post("/ops/segundo-factor", Map.of("codigo", code));
        assertThat(back.location()).isEqualTo("/ops/clientes/" + customer);
        assertThat(console.get(back.location()).body()).contains("Identidad confirmada. Repita la acción.");
        assertThat(console.post("/ops/clientes/" + customer + "/correo",
                Map.of("correo", "segundo@cliente.co", "comentario", "otro dato")).location())
                .isEqualTo("/ops/clientes/" + customer);
        assertThat(emailOf(customer)).isEqualTo("segundo@cliente.co");
    }

    @Test
    void whoeverRunsTheServiceResetsALostSecondFactor() throws Exception {
        String operator = newOperator("perdio-todo");
        OperatorLogin.logIn(port, operator, PASSWORD);
        long id = idOf(operator);
        assertThat(authenticators.enrolled(co.entrega.factors.Realm.OPERATOR, id)).isTrue();

        new SecondFactorReset(new OperatorProperties("operador", "", operator), operators, authenticators,
                recoveryCodes, audit, passkeys).resetIfAsked();

        assertThat(authenticators.enrolled(co.entrega.factors.Realm.OPERATOR, id)).isFalse();
        assertThat(recoveryCodes.remaining(co.entrega.factors.Realm.OPERATOR, id)).isZero();
        assertThat(auditCount(operator, "OPERATOR_SECOND_FACTOR_RESET")).isEqualTo(1);
        PortalClient next = passwordOnly(operator);
        assertThat(next.follow(next.get("/ops")).body()).contains("id=\"clave\"");
    }

    private PortalClient passwordOnly(String operator) throws Exception {
        PortalClient client = new PortalClient(port);
        client.get("/ops/login");
        assertThat(client.post("/ops/login", Map.of("username", operator, "password", PASSWORD)).location())
                .isEqualTo("/ops");
        return client;
    }

    private String newOperator(String prefix) {
        String username = prefix + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        jdbc.sql("INSERT INTO operators (username, password_hash, locked, created_at) "
                        + "VALUES (:u, :h, FALSE, CURRENT_TIMESTAMP)")
                .param("u", username).param("h", encoder.encode(PASSWORD)).update();
        return username;
    }

    private long idOf(String operator) {
        return jdbc.sql("SELECT id FROM operators WHERE username = :u").param("u", operator).query(Long.class).single();
    }

    private long newCustomer() {
        String nit = "97" + System.nanoTime() % 10_000_000;
        jdbc.sql("INSERT INTO customers (nit, name, email, email_source, created_at, updated_at) "
                        + "VALUES (:nit, 'Dos Llaves S.A.S.', 'antes@cliente.co', 'MASTER', CURRENT_TIMESTAMP, "
                        + "CURRENT_TIMESTAMP)")
                .param("nit", nit).update();
        return jdbc.sql("SELECT id FROM customers WHERE nit = :nit").param("nit", nit).query(Long.class).single();
    }

    private String emailOf(long customer) {
        return jdbc.sql("SELECT email FROM customers WHERE id = :id").param("id", customer).query(String.class).single();
    }

    private long auditCount(String operator, String action) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = :a AND (operator = :o OR target_id = :o)")
                .param("a", action).param("o", operator).query(Long.class).single();
    }

    /** A code of the secret's, an hour old: not one the server accepts now (unless it happens to equal one). */
    private static String otherCode(String secret) {
        Instant now = Instant.now();
        List<String> current = List.of(AuthenticatorApp.codeAt(secret, now.minusSeconds(60)),
                AuthenticatorApp.codeAt(secret, now.minusSeconds(30)), AuthenticatorApp.codeAt(secret, now),
                AuthenticatorApp.codeAt(secret, now.plusSeconds(30)), AuthenticatorApp.codeAt(secret, now.plusSeconds(60)));
        for (int minutes = 60; ; minutes++) {
            String old = AuthenticatorApp.codeAt(secret, now.minus(Duration.ofMinutes(minutes)));
            if (!current.contains(old)) {
                return old;
            }
        }
    }
}
