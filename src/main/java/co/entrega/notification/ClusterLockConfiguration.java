package co.entrega.notification;

import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;

import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import co.entrega.cluster.DedicatedThreads;
import co.entrega.cluster.ThisInstance;

/**
 * Cluster-wide locks for work only one instance may do at a time, kept in the shared database (table
 * {@code shedlock}, created by Flyway) with ShedLock: no extra server to run, and a lock whose instance died expires.
 */
@Configuration(proxyBeanMethods = false)
class ClusterLockConfiguration {

    /** The database's clock decides when a lock expires, so instances whose clocks disagree still agree on it. */
    @Bean
    JdbcTemplateLockProvider clusterLockProvider(DataSource dataSource, ThisInstance instance) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime()
                // the holder's instance id, so a lock held by a stopped instance is released at once (NotifyJobRunner)
                .withLockedByValue(instance.id())
                .build());
    }

    /**
     * Holds a lock as long as its task runs (renewed every half of lock-at-most-for, a failed renewal retried), however
     * long that is.
     */
    @Bean
    LockingTaskExecutor clusterLock(JdbcTemplateLockProvider clusterLockProvider) {
        ScheduledExecutorService renewals = DedicatedThreads.scheduler("cluster-lock-renewal");
        return new DefaultLockingTaskExecutor(new KeepAliveLockProvider(
                new PersistentlyRenewedLocks(clusterLockProvider), renewals));
    }
}
