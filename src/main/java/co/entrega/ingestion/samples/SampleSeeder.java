package co.entrega.ingestion.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import co.entrega.ingestion.InboxProperties;
import co.entrega.storage.StorageProperties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * First start of the embedded default: drops a few generated sample invoices into the folder inbox, once (a marker
 * file in the data dir remembers it), so a newcomer sees the whole flow. Off with entrega.samples.seed-on-start=false.
 */
@Component
class SampleSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SampleSeeder.class);

    private final boolean seedOnStart;
    private final Path dataDir;
    private final String inboxUri;
    private final int count;

    SampleSeeder(SamplesProperties samples, StorageProperties storage, InboxProperties inbox) {
        this.seedOnStart = samples.seedOnStart();
        this.dataDir = storage.dataDir();
        this.inboxUri = inbox.located(dataDir).uri();
        this.count = samples.count();
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (!seedOnStart) {
            return;
        }
        if (!inboxUri.startsWith("file:")) {
            log.info("Sample seeding skipped: the inbox is not a folder ({})", inboxUri.replaceAll("password=[^&]*", "password=xxx"));
            return;
        }
        Path marker = dataDir.resolve(".samples-seeded");
        if (Files.exists(marker)) {
            return;
        }
        String path = inboxUri.substring("file:".length());
        Path inbox = Path.of(path.contains("?") ? path.substring(0, path.indexOf('?')) : path);
        Files.createDirectories(inbox);
        var written = new SampleInvoiceGenerator().writeSamples(inbox, count, 1);
        Files.createDirectories(dataDir);
        Files.writeString(marker, "seeded " + written.size() + " files\n");
        log.info("Seeded {} sample files into {} (entrega.samples.seed-on-start=false turns this off)",
                written.size(), inbox.toAbsolutePath());
    }
}
