package co.entrega.storage;

import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.stereotype.Component;

/**
 * Makes the database's commits durable before anything is acknowledged on their strength.
 * <ul>
 * <li><b>H2</b> acknowledges a commit before writing it: by default its store writes committed changes out every
 * 500 ms ({@code WRITE_DELAY}), so a process killed in between loses commits that were reported done (the inbox
 * had already moved their files away). Every pooled connection sets {@code WRITE_DELAY 0} when it opens
 * ({@link #h2ConnectionSettings()}: also when the last connection closed and H2 reopens the file, which forgets a
 * setting made earlier): every commit is written to the file before it returns, and survives a process crash.
 * H2 forces its file to the disk only at a checkpoint, so {@link #awaitDurable()} runs {@code CHECKPOINT
 * SYNC} for what must survive a power loss too, one checkpoint for every caller that committed before it began
 * (a group commit: concurrent workers share one force).</li>
 * <li><b>PostgreSQL</b> forces its WAL at every commit when {@code synchronous_commit} and {@code fsync} are on (its
 * defaults); a server configured otherwise is reported at start-up, since only its operator can change it.</li>
 * </ul>
 */
@Component
public class DurableCommits {

    private static final Logger log = LoggerFactory.getLogger(DurableCommits.class);
    private static final String H2_WRITE_AT_COMMIT = "SET WRITE_DELAY 0";

    private final JdbcTemplate jdbc;
    private final boolean h2;
    private final ReentrantLock syncing = new ReentrantLock();
    private final Object tickets = new Object();
    private long requested;
    private long synced;

    DurableCommits(DataSource dataSource) throws Exception {
        this.jdbc = new JdbcTemplate(dataSource);
        String product = JdbcUtils.extractDatabaseMetaData(dataSource,
                metaData -> metaData.getDatabaseProductName());
        this.h2 = "H2".equalsIgnoreCase(product);
        if (h2) {
            jdbc.execute(H2_WRITE_AT_COMMIT); // for a data source not built by Spring Boot (then the pool's own does it)
            log.info("H2: every commit is written to the database file before it returns (WRITE_DELAY 0)");
        } else if ("PostgreSQL".equalsIgnoreCase(product)) {
            for (String setting : new String[] {"synchronous_commit", "fsync"}) {
                String value = jdbc.queryForObject("SHOW " + setting, String.class);
                if ("off".equalsIgnoreCase(value)) {
                    log.warn("PostgreSQL has {} = {}: a commit Entrega acknowledges can be lost in a crash of the"
                            + " database server; set it to on", setting, value);
                }
            }
        }
    }

    /** Makes every connection of an H2 pool write each commit at once (declared by StorageConfiguration). */
    static BeanPostProcessor h2ConnectionSettings() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
                        && pool.getJdbcUrl().startsWith("jdbc:h2:")) {
                    if (pool.getConnectionInitSql() != null && !pool.getConnectionInitSql().isBlank()) {
                        log.warn("spring.datasource.hikari.connection-init-sql replaced by '{}' (H2 must write each"
                                + " commit at once)", H2_WRITE_AT_COMMIT);
                    }
                    pool.setConnectionInitSql(H2_WRITE_AT_COMMIT);
                }
                return bean;
            }
        };
    }

    /** Whether the database is H2, which writes one commit at a time. */
    public boolean isH2() {
        return h2;
    }

    /**
     * Returns once every transaction the calling thread has committed survives a power loss. On PostgreSQL that was
     * so at commit; on H2 it waits for a checkpoint that began after the caller's commit.
     */
    public void awaitDurable() {
        if (!h2) {
            return;
        }
        long ticket;
        synchronized (tickets) {
            ticket = ++requested;
        }
        syncing.lock();
        try {
            if (synced >= ticket) {
                return; // a checkpoint that began after our commit has finished while we waited
            }
            long covers;
            synchronized (tickets) {
                covers = requested;
            }
            jdbc.execute("CHECKPOINT SYNC");
            synced = covers;
        } finally {
            syncing.unlock();
        }
    }
}
