package co.entrega.ingestion;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How ingestion treats what arrives.
 *
 * @param pairWait          how long a loose XML waits for its PDF (then it is registered without one and flagged) and
 *                          a loose PDF for its XML (then it is quarantined)
 * @param sweepInterval     how often waiting files are checked against pair-wait (and an XML and a PDF that were
 *                          processed at the same moment and missed each other are paired)
 * @param maxXmlSize        largest XML accepted; a larger one is quarantined (DIAN invoices are tens of kB; a huge one
 *                          is an attack or an error)
 * @param maxPdfSize        largest PDF accepted; a larger one is quarantined
 * @param maxCsvSize        largest customer master accepted; a larger one is quarantined
 * @param maxZipEntries     most entries a ZIP may hold (ZIP bomb guard)
 * @param maxZipExtracted   most bytes a ZIP may expand to, all entries together (ZIP bomb guard)
 * @param maxZipRatio       largest expansion ratio of one entry (ZIP bomb guard)
 */
@Validated
@ConfigurationProperties("entrega.ingestion")
public record IngestionProperties(
        @DefaultValue("30m") Duration pairWait,
        @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("10MB") DataSize maxXmlSize,
        @DefaultValue("25MB") DataSize maxPdfSize,
        @DefaultValue("20MB") DataSize maxCsvSize,
        @Min(1) @DefaultValue("20") int maxZipEntries,
        @DefaultValue("60MB") DataSize maxZipExtracted,
        @Min(1) @DefaultValue("200") int maxZipRatio) {
}
