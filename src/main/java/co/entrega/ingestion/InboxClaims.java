package co.entrega.ingestion;

import java.sql.Timestamp;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbox's claims (table {@code CAMEL_MESSAGEPROCESSED}): Camel's orphan-lock-aware JDBC idempotent repository,
 * which renews the claims its instance holds and lets a claim whose instance died expire, made safe for two live
 * instances reaching for the same expired claim at once. Camel's version takes an expired claim over by refreshing its
 * timestamp, which both can do, and then both process the file; and the claim it took over is not renewed. Here the
 * expired row is deleted (only one transaction can delete it) and a fresh claim inserted, which a second instance then
 * sees as held: exactly one wins, and its claim is renewed like any other.
 */
public class InboxClaims extends JdbcOrphanLockAwareIdempotentRepository {

    public InboxClaims(DataSource dataSource, TransactionTemplate transactionTemplate, String processorName,
                       CamelContext camelContext) {
        super(dataSource, transactionTemplate, processorName, camelContext);
    }

    /** @return true when this instance now holds the claim; false when another one does */
    @Override
    public boolean add(String key) {
        try {
            return super.add(key);
        } catch (HeldElsewhere | DuplicateKeyException held) {
            return false; // the claim's transaction was rolled back
        }
    }

    /** Runs in {@link #add}'s transaction after it found no live claim for {@code key}. */
    @Override
    protected int insert(String key) {
        Timestamp expiredBefore = new Timestamp(System.currentTimeMillis() - getLockMaxAgeMillis());
        String table = getTableName() == null ? "CAMEL_MESSAGEPROCESSED" : getTableName();
        jdbcTemplate.update("DELETE FROM " + table + " WHERE processorName = ? AND messageId = ?"
                + " AND createdAt < ?", processorName, key, expiredBefore);
        if (queryForInt(key) > 0) {
            // another instance took the expired claim over between our check and our delete
            throw new HeldElsewhere();
        }
        // no row now: the parent inserts (a concurrent insert of the same key fails on the primary key) and renews it
        return super.insert(key);
    }

    private static final class HeldElsewhere extends RuntimeException {
        HeldElsewhere() {
            super(null, null, false, false);
        }
    }
}
