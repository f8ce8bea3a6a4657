package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.InboxFolder;
import co.entrega.support.IngestionLedger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What an operator's monitoring sees: the ingestion counter at /actuator/prometheus, inbox and database health. */
@EntregaIntegrationTest
@AutoConfigureMetrics
class ObservabilityTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Value("${entrega.data-dir}")
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void prometheusCountsFilesByOutcome() throws Exception {
        SampleInvoiceGenerator generator = new SampleInvoiceGenerator();
        var spec = SampleInvoiceGenerator.sample(9100);
        InboxFolder inbox = new InboxFolder(dataDir.resolve("inbox"));
        IngestionLedger ledger = new IngestionLedger(jdbc);

        inbox.drop("a.zip", generator.dianZip(spec));
        inbox.drop("b.zip", generator.dianZip(spec));
        inbox.drop("c.xml", "<nada/>".getBytes());
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.finalFiles() == 3);

        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).contains("entrega_ingestion_files_total{outcome=\"registered\"} 1.0")
                .contains("entrega_ingestion_files_total{outcome=\"duplicate\"} 1.0")
                .contains("entrega_ingestion_files_total{outcome=\"quarantined\"} 1.0");
    }

    @Test
    void healthReportsTheInboxAndTheDatabase() throws Exception {
        HttpResponse<String> health = get("/actuator/health");

        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode components = JsonMapper.shared().readTree(health.body()).path("components");
        assertThat(components.path("inbox").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("inbox").path("details").path("route").asString()).isEqualTo("Started");
        assertThat(components.path("db").path("status").asString()).isEqualTo("UP");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
