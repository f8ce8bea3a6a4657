package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import javax.sql.DataSource;

import co.entrega.support.TestDatabases;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database the previous release (Spring Batch 5.2) used is upgraded in place: the job instance sequence Spring Batch
 * 6 asks for continues after the ids 5.2 handed out, so the next run of a job never collides with an old instance.
 */
class BatchSchemaUpgradeTest {

    @Test
    void theRenamedInstanceSequenceContinuesAfterTheIdsAlreadyUsed() {
        Map<String, Object> database = TestDatabases.newDatabase();
        DataSource dataSource = new DriverManagerDataSource((String) database.get("spring.datasource.url"),
                (String) database.get("spring.datasource.username"),
                (String) database.get("spring.datasource.password"));
        String vendor = TestDatabases.isPostgres() ? "postgresql" : "h2";
        JdbcClient jdbc = JdbcClient.create(dataSource);

        flyway(dataSource, vendor).target("14").load().migrate();
        String next = TestDatabases.isPostgres() ? "SELECT nextval('BATCH_JOB_SEQ')"
                : "SELECT NEXT VALUE FOR BATCH_JOB_SEQ";
        long lastOldId = 0;
        for (int i = 0; i < 3; i++) { // three job instances created by the previous release
            lastOldId = jdbc.sql(next).query(Long.class).single();
            jdbc.sql("INSERT INTO BATCH_JOB_INSTANCE (JOB_INSTANCE_ID, VERSION, JOB_NAME, JOB_KEY) VALUES (?, 0, ?, ?)")
                    .params(lastOldId, "notify-recipients", "key" + i).update();
        }

        flyway(dataSource, vendor).load().migrate();

        long firstNewId = jdbc.sql(next.replace("BATCH_JOB_SEQ", "BATCH_JOB_INSTANCE_SEQ")).query(Long.class).single();
        assertThat(firstNewId).isGreaterThan(lastOldId);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SEQUENCES WHERE UPPER(SEQUENCE_NAME) = 'BATCH_JOB_SEQ'")
                .query(Long.class).single()).isZero();
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(DataSource dataSource, String vendor) {
        return Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor);
    }
}
