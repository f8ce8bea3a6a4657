package co.entrega.ingestion.samples;

import java.nio.file.Path;
import java.util.List;

// TEMPORARY STUB, replaced by the real generator.
public class SampleInvoiceGenerator {
    public List<Path> writeSamples(Path dir, int count, long firstSeq) {
        return List.of();
    }
}
