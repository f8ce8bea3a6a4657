package co.entrega.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Static files over real HTTP: linked by a hash of their content and cached for a year, with the portal's security
 * headers, and served without the session (none read, touched or created; the sessions live in the database).
 */
@EntregaIntegrationTest
class PortalStaticFilesTest {

    static final String PASSWORD = "una frase larga y propia 2026";
    private static final Pattern STYLESHEET = Pattern.compile("href=\"(/css/portal-[0-9a-f]{32}\\.css)\"");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DocumentStore store;
    @Autowired
    PasswordEncoder encoder;

    private PortalClient browser;
    private static int nit = 750_000_000;

    @BeforeEach
    void setUp() throws Exception {
        PortalFixture fixture = new PortalFixture(jdbc, store, encoder);
        browser = new PortalClient(port);
        PortalFixture.Customer customer = fixture.customer(String.valueOf(++nit), PASSWORD);
        browser.login(customer.username(), PASSWORD);
    }

    @Test
    void aStaticFileNeitherReadsNorTouchesNorCreatesASession() throws Exception {
        Page page = browser.get("/facturas");
        Matcher link = STYLESHEET.matcher(page.body());
        assertThat(link.find()).as("the page links its stylesheet by a hash of its content").isTrue();
        String stylesheet = link.group(1);

        // The stored last access is 10 minutes old: a page would move it now, a static file must not.
        long tenMinutesAgo = moveLastAccessBack(Duration.ofMinutes(10));
        Page css = browser.get(stylesheet);
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.body()).contains("font-family");
        assertThat(lastAccess()).isEqualTo(tenMinutesAgo);
        assertThat(css.header("Set-Cookie")).isNull();

        // Cached for a year (the URL changes with the file), with the portal's security headers.
        assertThat(css.header("Cache-Control")).contains("max-age=31536000").doesNotContain("no-store");
        assertThat(css.header("Content-Security-Policy")).contains("default-src 'self'")
                .contains("frame-ancestors 'none'");
        assertThat(css.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(css.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(css.header("Referrer-Policy")).isEqualTo("no-referrer");

        // Without a session, none is created; anything but GET and HEAD is refused.
        long sessions = sessionRows();
        PortalClient stranger = new PortalClient(port);
        Page anonymous = stranger.get(stylesheet);
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.header("Set-Cookie")).isNull();
        assertThat(stranger.sessionId()).isEmpty();
        assertThat(stranger.head(stylesheet)).isEqualTo(200);
        assertThat(stranger.postExactly(stylesheet, Map.of()).status()).isEqualTo(403);
        assertThat(sessionRows()).isEqualTo(sessions);

        // The page itself still moves the session's last access (it was older than the touch interval).
        assertThat(browser.get("/facturas").status()).isEqualTo(200);
        assertThat(lastAccess()).isGreaterThan(tenMinutesAgo + Duration.ofMinutes(9).toMillis());
    }

    @Test
    void theLoginAndErrorPagesLinkTheHashedStylesheetToo() throws Exception {
        PortalClient stranger = new PortalClient(port);
        assertThat(STYLESHEET.matcher(stranger.get("/login").body()).find()).isTrue();
        Page notFound = browser.get("/no-existe");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(STYLESHEET.matcher(notFound.body()).find()).isTrue();
    }

    private String storedId() {
        return new String(Base64.getDecoder().decode(browser.sessionId().orElseThrow()), StandardCharsets.UTF_8);
    }

    private long lastAccess() {
        return jdbc.sql("SELECT LAST_ACCESS_TIME FROM SPRING_SESSION WHERE SESSION_ID = :id").param("id", storedId())
                .query(Long.class).single();
    }

    private long sessionRows() {
        return jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION").query(Long.class).single();
    }

    /** Sets the stored last access (and expiry) to {@code age} ago, as if the session had been idle that long. */
    private long moveLastAccessBack(Duration age) {
        long at = System.currentTimeMillis() - age.toMillis();
        jdbc.sql("UPDATE SPRING_SESSION SET LAST_ACCESS_TIME = :at, EXPIRY_TIME = :expiry WHERE SESSION_ID = :id")
                .param("at", at).param("expiry", at + Duration.ofMinutes(30).toMillis()).param("id", storedId())
                .update();
        return at;
    }
}
