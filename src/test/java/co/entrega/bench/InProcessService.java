package co.entrega.bench;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import co.entrega.EntregaApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service started inside a portal benchmark's JVM, on an empty H2 file database or on an embedded PostgreSQL 14
 * with {@code synchronous_commit=on} (as a production server commits), with the repository's real {@code config/},
 * {@code templates/} and {@code routes/}; no notify job, no demonstration data, quiet logs. And a customer's login
 * through the real form.
 */
final class InProcessService implements AutoCloseable {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    final ConfigurableApplicationContext context;
    final int port;
    private final EmbeddedPostgres postgres;

    private InProcessService(ConfigurableApplicationContext context, EmbeddedPostgres postgres) {
        this.context = context;
        this.postgres = postgres;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Starts it on {@code database} ({@code h2} or {@code postgres}) with its data under {@code dir}. */
    static InProcessService start(String database, Path dir, int maxConnections, String... extraArguments)
            throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--entrega.data-dir=" + dir.resolve("data"),
                "--server.port=0", "--entrega.samples.seed-on-start=false",
                "--entrega.jobs.notify-recipients.enabled=false", "--entrega.mail.catcher.smtp-port=0",
                "--entrega.mail.catcher.imap-port=0", "--logging.level.co.entrega=WARN"));
        arguments.addAll(List.of(extraArguments));
        EmbeddedPostgres postgres = null;
        if (database.equals("postgres")) {
            postgres = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", Integer.toString(maxConnections)).start();
            arguments.add("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"));
            arguments.add("--spring.datasource.username=postgres");
            arguments.add("--spring.datasource.password=postgres");
        } else {
            arguments.add("--spring.datasource.url=jdbc:h2:file:" + dir.resolve("data/db/entrega"));
        }
        try {
            return new InProcessService(new SpringApplicationBuilder(EntregaApplication.class)
                    .run(arguments.toArray(String[]::new)), postgres);
        } catch (RuntimeException e) {
            if (postgres != null) {
                postgres.close();
            }
            throw e;
        }
    }

    static String label(String database) {
        return database.equals("postgres") ? "PostgreSQL 14" : "H2";
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** A client of its own (cookies kept, redirects not followed). */
    static HttpClient newClient() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Logs {@code username} in through the login form, as a browser does (the form's CSRF token, then the POST).
     * @return the CSRF token of the invoices page, for the forms posted next
     */
    String login(HttpClient http, String username, String password) throws Exception {
        String form = "_csrf=" + URLEncoder.encode(csrfOf(http, "/login"), StandardCharsets.UTF_8) + "&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String location = response.headers().firstValue("Location").orElse("");
        if (!location.endsWith("/facturas")) {
            throw new IllegalStateException("login of " + username + " failed: " + response.statusCode() + " "
                    + location);
        }
        return csrfOf(http, "/facturas");
    }

    private String csrfOf(HttpClient http, String path) throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(page.body());
        if (page.statusCode() != 200 || !csrf.find()) {
            throw new IllegalStateException("no CSRF token on " + path + " (" + page.statusCode() + ")");
        }
        return csrf.group(1);
    }

    @Override
    public void close() throws Exception {
        try {
            context.close();
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
