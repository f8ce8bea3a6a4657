package co.entrega.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The floor of the invoices page served over HTTP: the JDK's {@link HttpServer}, the session cookie looked up in a
 * map (no session store), the page's two queries over plain JDBC, the page (same markup, same size as Entrega's)
 * built in a plain loop with a StringBuilder; and the stylesheet's bytes from memory. No framework, no security
 * chain, no template engine: what serving this page costs at the least.
 */
final class PortalFloorServer implements AutoCloseable {

    static {
        // The JDK's server writes a response's headers and body apart: without TCP_NODELAY (Nagle) each response then
        // waited for the client's delayed ACK, ~40 ms, and the floor answered ~1,130 requests/s at 50 connections
        // whatever the page cost (p50 44-48 ms for the stylesheet as for the page). Read once, when the server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd/MM/uuuu");
    private static final String COUNTS = "SELECT COALESCE(SUM(CASE WHEN i.issue_date >= ? AND i.issue_date <= ?"
            + " THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM document_downloads d"
            + " WHERE d.invoice_id = i.id) THEN 1 ELSE 0 END), 0) FROM invoices i WHERE i.customer_id = ?";
    private static final String PAGE = "SELECT i.id, i.number, i.kind, i.issue_date, i.payable_amount, i.currency,"
            + " i.xml_document_id, i.pdf_document_id,"
            + " CASE WHEN EXISTS (SELECT 1 FROM document_downloads d WHERE d.invoice_id = i.id) THEN TRUE ELSE FALSE END"
            + " AS downloaded FROM invoices i WHERE i.customer_id = ? AND i.issue_date >= ? AND i.issue_date <= ?"
            + " ORDER BY i.customer_id, i.issue_date DESC, i.id DESC LIMIT ? OFFSET ?";
    private static final ThreadLocal<NumberFormat> AMOUNT = ThreadLocal.withInitial(() -> {
        NumberFormat format = NumberFormat.getNumberInstance(Locale.forLanguageTag("es-CO"));
        format.setMinimumFractionDigits(2);
        format.setMaximumFractionDigits(2);
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format;
    });

    private final HttpServer server;
    private final ExecutorService threads;
    private final DataSource dataSource;
    private final Map<String, Long> customerBySession;
    private final byte[] stylesheet;
    private final String token = "x".repeat(88); // the length of a masked CSRF token

    PortalFloorServer(DataSource dataSource, Map<String, Long> customerBySession, byte[] stylesheet, int threads)
            throws IOException {
        this.dataSource = dataSource;
        this.customerBySession = customerBySession;
        this.stylesheet = stylesheet;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        this.threads = Executors.newFixedThreadPool(threads);
        server.setExecutor(this.threads);
        server.createContext("/facturas", this::invoices);
        server.createContext("/css/portal.css", this::css);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void css(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/css");
        exchange.getResponseHeaders().set("Cache-Control", "max-age=31536000");
        exchange.sendResponseHeaders(200, stylesheet.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(stylesheet);
        }
    }

    private void invoices(HttpExchange exchange) throws IOException {
        try {
            Long customer = customerOf(exchange.getRequestHeaders().getFirst("Cookie"));
            if (customer == null) {
                exchange.getResponseHeaders().set("Location", "/login");
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            String from = "";
            String to = "";
            String query = exchange.getRequestURI().getRawQuery();
            if (query != null) {
                for (String pair : query.split("&")) {
                    int eq = pair.indexOf('=');
                    String name = eq < 0 ? pair : pair.substring(0, eq);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    if (name.equals("desde")) {
                        from = value;
                    } else if (name.equals("hasta")) {
                        to = value;
                    }
                }
            }
            byte[] page = page(customer, from, to).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html;charset=UTF-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(page);
            }
        } catch (SQLException e) {
            exchange.sendResponseHeaders(500, -1);
        } finally {
            exchange.close();
        }
    }

    private Long customerOf(String cookies) {
        if (cookies == null) {
            return null;
        }
        for (String cookie : cookies.split(";")) {
            String trimmed = cookie.trim();
            if (trimmed.startsWith("SESSION=")) {
                return customerBySession.get(trimmed.substring("SESSION=".length()));
            }
        }
        return null;
    }

    private String page(long customer, String fromText, String toText) throws SQLException {
        LocalDate from = fromText.isEmpty() ? LocalDate.of(1900, 1, 1) : LocalDate.parse(fromText);
        LocalDate to = toText.isEmpty() ? LocalDate.of(9999, 12, 31) : LocalDate.parse(toText);
        StringBuilder html = new StringBuilder(16_384);
        try (Connection connection = dataSource.getConnection()) {
            long total;
            long pending;
            try (PreparedStatement counts = connection.prepareStatement(COUNTS)) {
                counts.setDate(1, Date.valueOf(from));
                counts.setDate(2, Date.valueOf(to));
                counts.setLong(3, customer);
                try (ResultSet rows = counts.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                    pending = rows.getLong(2);
                }
            }
            head(html, fromText, toText, total, pending);
            try (PreparedStatement statement = connection.prepareStatement(PAGE)) {
                statement.setLong(1, customer);
                statement.setDate(2, Date.valueOf(from));
                statement.setDate(3, Date.valueOf(to));
                statement.setInt(4, 20);
                statement.setInt(5, 0);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        row(html, rows);
                    }
                }
            }
            long pages = Math.max(1, (total + 19) / 20);
            html.append("</tbody>\n  </table>\n  </div>\n");
            if (pages > 1) {
                html.append("  <nav class=\"pager\" aria-label=\"Página 1 de ").append(pages).append("\">\n    \n")
                        .append("    <span>Página 1 de ").append(pages).append("</span>\n")
                        .append("    <a rel=\"next\" href=\"/facturas?desde=").append(fromText).append("&amp;hasta=")
                        .append(toText).append("&amp;pagina=2\">Siguiente</a>\n  </nav>\n");
            }
            html.append("</section>\n</main>\n<footer class=\"foot\">\n  <p>¿Necesita ayuda? Comuníquese con nuestra"
                    + " línea de soporte 3003292.</p>\n</footer>\n</body>\n</html>\n");
        }
        return html.toString();
    }

    private void head(StringBuilder html, String from, String to, long total, long pending) {
        html.append("<!DOCTYPE html>\n<html lang=\"es-CO\">\n<head>\n<meta charset=\"UTF-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"referrer\" content=\"no-referrer\">\n"
                + "<title>Mis facturas — Intertec S.A.S.</title>\n<link rel=\"stylesheet\" href=\"/css/portal.css\">\n"
                + "</head>\n<body>\n<a class=\"skip\" href=\"#contenido\">Ir al contenido</a>\n<header class=\"bar\">\n"
                + "  <div class=\"brand\">\n    <span class=\"issuer\">Intertec S.A.S.</span>\n"
                + "    <span class=\"product\">Facturación electrónica</span>\n  </div>\n"
                + "  <nav class=\"tools\" aria-label=\"Facturación electrónica\">\n"
                + "    <a href=\"?lang=en\" lang=\"en\">English</a>\n"
                + "      <a href=\"/cuenta/contrasena\">Cambiar contraseña</a>\n"
                + "      <form method=\"post\" action=\"/logout\" class=\"inline\">\n"
                + "        <input type=\"hidden\" name=\"_csrf\" value=\"").append(token).append("\">\n"
                + "        <button type=\"submit\" class=\"link\">Cerrar sesión</button>\n      </form>\n  </nav>\n"
                + "</header>\n<main id=\"contenido\">\n<section class=\"card\">\n  <h1>Mis facturas</h1>\n\n"
                + "  <form method=\"get\" action=\"/facturas\" class=\"filters\" role=\"search\">\n    <div>\n"
                + "      <label for=\"desde\">Fecha inicial</label>\n"
                + "      <input id=\"desde\" name=\"desde\" type=\"date\" value=\"").append(from).append("\">\n"
                + "    </div>\n    <div>\n      <label for=\"hasta\">Fecha final</label>\n"
                + "      <input id=\"hasta\" name=\"hasta\" type=\"date\" value=\"").append(to).append("\">\n"
                + "    </div>\n    <div class=\"actions\">\n"
                + "      <button type=\"submit\" class=\"primary\" id=\"buscar\">BUSCAR</button>\n"
                + "      <a href=\"/facturas\">Ver todas</a>\n    </div>\n  </form>\n\n  <div class=\"pending\">\n");
        if (pending > 0) {
            html.append("      <form method=\"post\" action=\"/descargas/pendientes\">\n"
                    + "        <input type=\"hidden\" name=\"_csrf\" value=\"").append(token).append("\">\n"
                    + "        <button type=\"submit\" class=\"primary\" id=\"descargas-pendientes\""
                    + " aria-describedby=\"pendientes-texto\">DESCARGAS PENDIENTES</button>\n"
                    + "        <span id=\"pendientes-texto\">").append(pending)
                    .append(" documento(s) sin descargar: PDF y XML en un solo archivo ZIP.</span>\n      </form>\n");
        } else {
            html.append("      <button type=\"button\" class=\"primary\" id=\"descargas-pendientes\" disabled"
                    + " aria-describedby=\"pendientes-texto\">DESCARGAS PENDIENTES</button>\n"
                    + "      <span id=\"pendientes-texto\">No hay descargas pendientes.</span>\n");
        }
        html.append("  </div>\n\n  <p class=\"count\" id=\"total\">").append(total).append(" documento(s)</p>\n"
                + "  <div class=\"table-wrap\">\n  <table class=\"documents\">\n    <thead><tr>\n"
                + "      <th scope=\"col\">Número</th>\n      <th scope=\"col\">Tipo</th>\n"
                + "      <th scope=\"col\">Fecha</th>\n      <th scope=\"col\" class=\"num\">Valor</th>\n"
                + "      <th scope=\"col\">Estado</th>\n      <th scope=\"col\">Descargar</th>\n    </tr></thead>\n"
                + "    <tbody>\n");
    }

    private static void row(StringBuilder html, ResultSet rows) throws SQLException {
        long id = rows.getLong("id");
        String number = rows.getString("number");
        String kind = rows.getString("kind");
        LocalDate date = rows.getObject("issue_date", LocalDate.class);
        String amount = AMOUNT.get().format(rows.getBigDecimal("payable_amount"));
        String currency = rows.getString("currency");
        boolean hasPdf = rows.getString("pdf_document_id") != null;
        boolean downloaded = rows.getBoolean("downloaded");
        html.append("      <tr data-id=\"").append(id).append("\">\n")
                .append("        <td data-label=\"Número\"><a href=\"/facturas/").append(id).append("\">")
                .append(number).append("</a></td>\n")
                .append("        <td data-label=\"Tipo\">").append(kind.equals("INVOICE") ? "Factura" : kind)
                .append("</td>\n")
                .append("        <td data-label=\"Fecha\">").append(date.format(SHOWN)).append("</td>\n")
                .append("        <td data-label=\"Valor\" class=\"num\">").append(amount).append(' ').append(currency)
                .append("</td>\n")
                .append("        <td data-label=\"Estado\" class=\"status\">")
                .append(downloaded ? "<span class=\"badge done\">Descargado</span>"
                        : "<span class=\"badge todo\">Pendiente</span>").append("</td>\n")
                .append("        <td data-label=\"Descargar\" class=\"links\">\n          ");
        if (hasPdf) {
            html.append("<a class=\"button\" href=\"/facturas/").append(id)
                    .append("/pdf\" aria-label=\"Descargar PDF ").append(number).append("\">PDF</a>");
        } else {
            html.append("<span class=\"muted\">sin PDF</span>");
        }
        html.append("\n          <a class=\"button\" href=\"/facturas/").append(id)
                .append("/xml\" aria-label=\"Descargar XML ").append(number).append("\">XML</a>\n        </td>\n")
                .append("      </tr>\n");
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
