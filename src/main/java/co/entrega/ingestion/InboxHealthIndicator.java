package co.entrega.ingestion;

import java.nio.file.Files;
import java.nio.file.Path;

import co.entrega.storage.StorageProperties;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.util.URISupport;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "inbox": the polling route must be started, and a folder inbox must exist and
 * be writable (files are moved out of it after processing).
 */
@Component("inbox")
class InboxHealthIndicator extends AbstractHealthIndicator {

    static final String ROUTE_ID = "ingestion-poll-inbox";

    private final CamelContext camel;
    private final InboxProperties inbox;

    InboxHealthIndicator(CamelContext camel, InboxProperties inbox, StorageProperties storage) {
        super("Inbox health check failed");
        this.camel = camel;
        this.inbox = inbox.located(storage.dataDir());
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        health.withDetail("uri", URISupport.sanitizeUri(inbox.uri()));
        Route route = camel.getRoute(ROUTE_ID);
        ServiceStatus status = route == null ? null : camel.getRouteController().getRouteStatus(ROUTE_ID);
        health.withDetail("route", status == null ? "missing" : status.name());
        if (status == null || !status.isStarted()) {
            health.down();
            return;
        }
        String uri = inbox.uri().trim();
        if (uri.startsWith("file:")) {
            String path = uri.substring("file:".length());
            int query = path.indexOf('?');
            Path folder = Path.of(query >= 0 ? path.substring(0, query) : path);
            boolean usable = Files.isDirectory(folder) && Files.isWritable(folder);
            health.withDetail("folder", folder.toAbsolutePath().toString());
            if (!usable) {
                health.down().withDetail("error", "inbox folder missing or not writable");
                return;
            }
        }
        health.up();
    }
}
