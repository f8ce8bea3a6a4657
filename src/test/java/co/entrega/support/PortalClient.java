package co.entrega.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser-like HTTP client for the portal over real HTTP: keeps cookies, does not follow redirects (tests look at
 * them), and fills the CSRF field from the last page it read, as a browser submitting that page's form would.
 */
public final class PortalClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private String lastCsrf;

    public PortalClient(int port) {
        this.base = "http://localhost:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public record Page(int status, String body, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        /** The path a redirect points to (without scheme and host). */
        public String location() {
            String location = header("location");
            return location == null ? null : location.replaceFirst("^https?://[^/]+", "");
        }
    }

    public Page get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html").GET().build());
    }

    /** Follows redirects (GET) until a page answers, at most five times. */
    public Page follow(Page page) throws IOException, InterruptedException {
        for (int i = 0; i < 5 && page.status() / 100 == 3; i++) {
            page = get(page.location());
        }
        return page;
    }

    /** Posts a form with the CSRF token of the last page read. */
    public Page post(String path, Map<String, String> fields) throws IOException, InterruptedException {
        Map<String, String> withCsrf = new LinkedHashMap<>(fields);
        if (lastCsrf != null) {
            withCsrf.putIfAbsent("_csrf", lastCsrf);
        }
        return postExactly(path, withCsrf);
    }

    /** Posts exactly these fields (no CSRF token unless given). */
    public Page postExactly(String path, Map<String, String> fields) throws IOException, InterruptedException {
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    /** A download, as raw bytes. */
    public HttpResponse<byte[]> download(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A HEAD request; returns the status. */
    public int head(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** A form post whose answer is a download, read as a stream. */
    public HttpResponse<InputStream> postForStream(String path) throws IOException, InterruptedException {
        String form = "_csrf=" + URLEncoder.encode(lastCsrf, StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Logs in with the plain login form; returns the answer to the login post (a redirect). */
    public Page login(String username, String password) throws IOException, InterruptedException {
        get("/login");
        return post("/login", Map.of("username", username, "password", password));
    }

    public Optional<String> sessionId() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("SESSION"))
                .map(HttpCookie::getValue).findFirst();
    }

    private Page send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        Matcher csrf = CSRF.matcher(response.body());
        if (csrf.find()) {
            lastCsrf = csrf.group(1);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                String.join(", ", values)));
        return new Page(response.statusCode(), response.body(), headers);
    }
}
