package co.entrega.storage;

import java.io.IOException;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    /** Static: it must exist before the data source is created (see DurableCommits). */
    @Bean
    static BeanPostProcessor h2ConnectionSettings() {
        return DurableCommits.h2ConnectionSettings();
    }

    @Bean
    DocumentStore documentStore(StorageProperties storage) throws IOException {
        return new FolderDocumentStore(storage.dataDir().resolve("documents"));
    }
}
