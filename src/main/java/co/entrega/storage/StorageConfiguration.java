package co.entrega.storage;

import java.io.IOException;
import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    /** Static: it must exist before the data source is created (see DurableCommits). */
    @Bean
    static org.springframework.beans.factory.config.BeanPostProcessor h2ConnectionSettings() {
        return DurableCommits.h2ConnectionSettings();
    }

    @Bean
    DocumentStore documentStore(@Value("${entrega.data-dir:data}") Path dataDir) throws IOException {
        return new FolderDocumentStore(dataDir.resolve("documents"));
    }
}
