package co.entrega.storage;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where this instance keeps its files.
 *
 * @param dataDir database file, documents and default inbox of the embedded default; a relative path starts with
 *                {@code ./} (H2's database URL, built from it in config/application.yaml, requires it)
 */
@Validated
@ConfigurationProperties("entrega")
public record StorageProperties(@NotNull @DefaultValue("./data") Path dataDir) {
}
