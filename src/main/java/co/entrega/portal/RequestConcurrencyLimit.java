package co.entrega.portal;

import java.util.regex.Pattern;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.SemaphoreValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * At most {@code entrega.portal.concurrent-requests} requests (default 4 a core; 0: no limit) run at once; the others
 * wait their turn, first come first served, in Tomcat's threads. A page is CPU work, a few milliseconds of it: with as
 * many running as connections arrive (the Tomcat pool's 200) they share the cores, contend for the database's locks
 * and each takes the sum of all; in turn each takes its own. Under wrk with 50 customers (bench/portal-wrk.sh, H2,
 * 8 at once on 2 cores) the invoices page's p99 fell from 306 to 91 ms and the date search went from 1,034 to 1,703
 * requests/s.
 * <p>
 * Downloads are not limited: their time goes to writing to the client's connection, a slow phone's for minutes,
 * and they must not hold the pages' turns. That is also why Tomcat's own pool stays large.
 */
@Configuration(proxyBeanMethods = false)
class RequestConcurrencyLimit {

    /**
     * The download endpoints: {@link DocumentDownloads}, the console's quarantined originals, the demonstration
     * mailbox's attachments.
     */
    static final Pattern DOWNLOADS = Pattern.compile("/facturas/\\d+/(pdf|xml)|/descargas/.*"
            + "|/ops/cuarentena/\\d+/original|/dev/mailbox/\\d+/attachments/\\d+");

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> pagesTakeTurns(PortalProperties portal) {
        Integer configured = portal.concurrentRequests();
        int limit = configured == null ? 4 * Runtime.getRuntime().availableProcessors() : configured;
        return factory -> {
            if (limit > 0) {
                factory.addContextValves(new PagesValve(limit));
            }
        };
    }

    static final class PagesValve extends SemaphoreValve {

        PagesValve(int limit) {
            setConcurrency(limit);
            setFairness(true);
            setBlock(true);
            setAsyncSupported(true);
        }

        @Override
        public boolean controlConcurrency(Request request, Response response) {
            String path = request.getDecodedRequestURI().substring(request.getContextPath().length());
            return !DOWNLOADS.matcher(path).matches();
        }
    }
}
