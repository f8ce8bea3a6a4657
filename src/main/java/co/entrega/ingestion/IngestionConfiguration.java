package co.entrega.ingestion;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class IngestionConfiguration {

    /**
     * The inbox read lock, shared through the database by every instance: a file being processed is claimed by its
     * path; the claim is released once the file has left the inbox; a claim whose instance died stops being renewed
     * and expires, so the file is taken again (by exactly one instance) instead of being stuck.
     */
    @Bean
    InboxClaims inboxReadLockRepository(DataSource dataSource,
                                                                    PlatformTransactionManager transactionManager,
                                                                    CamelContext camelContext,
                                                                    @Value("${entrega.cluster.lock-expiry:2m}")
                                                                    java.time.Duration lockExpiry) {
        InboxClaims repository = new InboxClaims(
                dataSource, new TransactionTemplate(transactionManager), "entrega-inbox", camelContext);
        repository.setCreateTableIfNotExists(false); // Flyway owns the table
        repository.setLockMaxAgeMillis(lockExpiry.toMillis());
        repository.setLockKeepAliveIntervalMillis(Math.max(lockExpiry.toMillis() / 4, 1000));
        return repository;
    }

    /**
     * The SFTP/FTP inbox's read lock: claims in the same repository as the folder inbox's, taken once a file has kept
     * its size and date for read-lock-check-interval (at least a second: remote dates are often whole seconds).
     */
    @Bean(name = InboxEndpointUri.REMOTE_READ_LOCK_BEAN, destroyMethod = "close")
    RemoteInboxReadLock<Object> remoteInboxReadLock(InboxClaims inboxReadLockRepository, InboxProperties inbox,
                                                    @Value("${entrega.cluster.lock-expiry:2m}")
                                                    java.time.Duration lockExpiry) {
        java.time.Duration stableFor = inbox.readLockCheckInterval();
        // a quarter of the lock expiry: far longer than any instance works through one listing
        return new RemoteInboxReadLock<>(inboxReadLockRepository,
                stableFor.compareTo(java.time.Duration.ofSeconds(1)) < 0 ? java.time.Duration.ofSeconds(1) : stableFor,
                lockExpiry.dividedBy(4));
    }

    /** Publishes {@link InboxEndpointUri#PROPERTY} to Camel before the routes start; the inbox route reads it. */
    @Bean
    CamelContextConfiguration inboxEndpointProperty(InboxProperties inbox,
                                                    @Value("${entrega.data-dir:data}") Path dataDir) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                camelContext.getPropertiesComponent()
                        .addInitialProperty(InboxEndpointUri.PROPERTY, InboxEndpointUri.effective(inbox, dataDir));
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }
}
