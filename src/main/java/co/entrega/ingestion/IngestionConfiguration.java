package co.entrega.ingestion;

import java.sql.DatabaseMetaData;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import co.entrega.cluster.ClusterProperties;
import co.entrega.cluster.ThisInstance;
import co.entrega.storage.StorageProperties;

@Configuration(proxyBeanMethods = false)
class IngestionConfiguration {

    /**
     * The inbox's claims, shared through the database by every instance: a file being processed is claimed by its
     * path; the claim is released once the file has left the inbox; a claim whose instance died is released as soon
     * as it is known dead, so the file is taken again (by exactly one instance) instead of being stuck. On the
     * embedded H2, which serves a single instance, they are held in the process.
     */
    @Bean(destroyMethod = "close")
    InboxClaims inboxReadLockRepository(DataSource dataSource, PlatformTransactionManager transactionManager,
                                        ClusterProperties cluster, ThisInstance instance) {
        if (embedded(dataSource)) {
            return InboxClaims.inThisProcess(instance.id()); // H2 serves one instance (docs/production.md: several need PostgreSQL)
        }
        return new InboxClaims(new JdbcTemplate(dataSource),
                new TransactionTemplate(transactionManager), cluster.lockExpiry(), instance.id());
    }

    private static boolean embedded(DataSource dataSource) {
        try {
            return "H2".equalsIgnoreCase(JdbcUtils.extractDatabaseMetaData(dataSource,
                    DatabaseMetaData::getDatabaseProductName));
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot tell which database this is", e);
        }
    }

    /**
     * The SFTP/FTP inbox's read lock: claims in the same repository as the folder inbox's, taken once a file has kept
     * its size and date for read-lock-check-interval (at least a second: remote dates are often whole seconds).
     */
    @Bean(name = InboxEndpointUri.REMOTE_READ_LOCK_BEAN, destroyMethod = "close")
    RemoteInboxReadLock<Object> remoteInboxReadLock(InboxClaims inboxReadLockRepository, InboxProperties inbox,
                                                    ClusterProperties cluster) {
        Duration stableFor = inbox.readLockCheckInterval();
        // half the lock expiry: a minute in production, longer than an instance takes to work through one listing
        return new RemoteInboxReadLock<>(inboxReadLockRepository,
                stableFor.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : stableFor,
                cluster.lockExpiry().dividedBy(2));
    }

    /**
     * The files this process is working on (Camel's in-progress repository of the inbox consumer), in a plain
     * concurrent map: Camel removes each entry when its file is done, so it holds only the files in flight. Camel's
     * default keeps them in its LRU cache of 50,000, whose change log is compacted on every add once 100,000
     * different files have passed through it: the inbox then took minutes per poll (a 100,000-invoice drop in
     * bench/ingest-notify.sh; bench/in-progress-repository.sh shows the cache alone: 20,000 files in 0.16 s, then in
     * 290 s).
     */
    @Bean(name = InboxEndpointUri.IN_PROGRESS_BEAN)
    IdempotentRepository inboxFilesInProgress() {
        return MemoryIdempotentRepository
                .memoryIdempotentRepository(new ConcurrentHashMap<>());
    }

    /**
     * Publishes {@link InboxEndpointUri#PROPERTY} to Camel before the routes start; the inbox route reads it. And the
     * endpoints of the {@code .done} audit and retention, with whether they run (see
     * {@link InboxEndpointUri#managesDoneFolder}). And, under their own names, the bound values the routes read
     * (workers, sweep interval), so their defaults stay in the properties records: Camel's placeholders see only the
     * Spring environment, where an unset key is absent. And the reception mailbox's endpoint (see MailboxEndpoint).
     */
    @Bean
    CamelContextConfiguration inboxEndpointProperty(InboxProperties configured, IngestionProperties ingestion,
                                                    StorageProperties storage, MailboxProperties mailbox,
                                                    ObjectProvider<DemonstrationMailbox> demonstration) {
        InboxProperties inbox = configured.located(storage.dataDir());
        DemonstrationMailbox demo = demonstration.getIfAvailable();
        String mailboxEndpoint = MailboxEndpoint.effective(mailbox, demo == null ? null : demo.imapUri());
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                var properties = camelContext.getPropertiesComponent();
                properties.addInitialProperty("entrega.inbox.workers", Integer.toString(inbox.workers()));
                properties.addInitialProperty("entrega.ingestion.sweep-interval",
                        Long.toString(ingestion.sweepInterval().toMillis()));
                properties.addInitialProperty(InboxEndpointUri.PROPERTY, InboxEndpointUri.effective(inbox));
                boolean managed = InboxEndpointUri.managesDoneFolder(inbox);
                if (!managed) {
                    LoggerFactory.getLogger(IngestionConfiguration.class).info("The inbox URI sets its own "
                            + "move, noop or delete: the .done audit and retention do not run");
                }
                properties.addInitialProperty(InboxEndpointUri.DONE_FOLDER_MANAGED_PROPERTY, Boolean.toString(managed));
                properties.addInitialProperty(InboxEndpointUri.DONE_AUDIT_PROPERTY, InboxEndpointUri.doneAudit(inbox));
                properties.addInitialProperty(InboxEndpointUri.DONE_RETENTION_PROPERTY,
                        InboxEndpointUri.doneRetention(inbox));
                properties.addInitialProperty(MailboxEndpoint.PROPERTY, mailboxEndpoint);
                properties.addInitialProperty(MailboxEndpoint.ENABLED_PROPERTY,
                        Boolean.toString(!mailboxEndpoint.equals(MailboxEndpoint.OFF)));
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }
}
