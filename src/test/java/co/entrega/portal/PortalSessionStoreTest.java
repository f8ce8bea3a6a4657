package co.entrega.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import co.entrega.storage.DocumentStore;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.PortalClient;
import co.entrega.support.PortalClient.Page;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * What a request costs the session store, over real HTTP with the sessions in the database: a page writes its session
 * only when the stored last access is older than the touch interval (1 minute), a change is saved at once, and the
 * 30-minute idle timeout still ends a session, judged by that stored time.
 */
@EntregaIntegrationTest
class PortalSessionStoreTest {

    static final String PASSWORD = "una frase larga y propia 2026";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DocumentStore store;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    co.entrega.provisioning.Accounts accounts;

    private PortalFixture fixture;
    private PortalClient browser;
    private PortalFixture.Customer customer;
    private static int nit = 740_000_000;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new PortalFixture(jdbc, store, encoder);
        browser = new PortalClient(port);
        customer = fixture.customer(String.valueOf(++nit), PASSWORD);
        browser.login(customer.username(), PASSWORD);
        assertThat(browser.get("/facturas").status()).isEqualTo(200);
    }

    @Test
    void aPageWritesItsSessionOnlyWhenTheStoredLastAccessIsOlderThanTheTouchInterval() throws Exception {
        long stored = lastAccess();
        for (int i = 0; i < 5; i++) {
            assertThat(browser.get("/facturas").status()).isEqualTo(200);
        }
        assertThat(lastAccess()).as("within a minute of the last write: not written").isEqualTo(stored);

        long twoMinutesAgo = moveLastAccessBack(Duration.ofMinutes(2));
        assertThat(browser.get("/facturas").status()).isEqualTo(200);
        long touched = lastAccess();
        assertThat(touched).isGreaterThan(twoMinutesAgo + Duration.ofMinutes(1).toMillis());
        assertThat(expiry()).isEqualTo(touched + Duration.ofMinutes(30).toMillis());
    }

    @Test
    void aSessionIdleForThirtyMinutesHasEnded() throws Exception {
        // 29 minutes idle: still logged in, and the session is touched again.
        moveLastAccessBack(Duration.ofMinutes(29));
        assertThat(browser.get("/facturas").status()).isEqualTo(200);

        moveLastAccessBack(Duration.ofMinutes(30).plusSeconds(1));
        Page afterTimeout = browser.get("/facturas");
        assertThat(afterTimeout.status()).isEqualTo(302);
        assertThat(afterTimeout.location()).isEqualTo("/login");
    }

    @Test
    void anAccountLockedByAnOperatorEndsItsSessionsAtTheirNextRequest() throws Exception {
        // Not deferred by the touch interval: the account is checked on every request, whatever the session's row.
        assertThat(browser.get("/facturas").status()).isEqualTo(200);
        accounts.setLocked(customer.accountId(), true);
        assertThat(browser.get("/facturas").location()).isEqualTo("/login?caducada");
        assertThat(browser.get("/facturas").location()).isEqualTo("/login");
    }

    @Test
    void aChangeInTheSessionIsSavedAtOnce() throws Exception {
        // Logging out (a change: the session ends) and a new login (a new session) are never deferred.
        browser.get("/facturas");
        String before = browser.sessionId().orElseThrow();
        browser.post("/logout", Map.of());
        assertThat(sessionExists(before)).isFalse();
        assertThat(browser.get("/facturas").location()).isEqualTo("/login");
    }

    String storedId() {
        return storedId(browser.sessionId().orElseThrow());
    }

    private static String storedId(String cookie) {
        return new String(Base64.getDecoder().decode(cookie), StandardCharsets.UTF_8);
    }

    private boolean sessionExists(String cookie) {
        return jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION WHERE SESSION_ID = :id").param("id", storedId(cookie))
                .query(Long.class).single() > 0;
    }

    long lastAccess() {
        return jdbc.sql("SELECT LAST_ACCESS_TIME FROM SPRING_SESSION WHERE SESSION_ID = :id").param("id", storedId())
                .query(Long.class).single();
    }

    private long expiry() {
        return jdbc.sql("SELECT EXPIRY_TIME FROM SPRING_SESSION WHERE SESSION_ID = :id").param("id", storedId())
                .query(Long.class).single();
    }

    /** Sets the stored last access (and expiry) to {@code age} ago, as if the session had been idle that long. */
    long moveLastAccessBack(Duration age) {
        long at = System.currentTimeMillis() - age.toMillis();
        int maxInactiveSeconds = jdbc.sql("SELECT MAX_INACTIVE_INTERVAL FROM SPRING_SESSION WHERE SESSION_ID = :id")
                .param("id", storedId()).query(Integer.class).single();
        jdbc.sql("UPDATE SPRING_SESSION SET LAST_ACCESS_TIME = :at, EXPIRY_TIME = :expiry WHERE SESSION_ID = :id")
                .param("at", at).param("expiry", at + maxInactiveSeconds * 1000L).param("id", storedId()).update();
        return at;
    }
}
