package co.entrega.ingestion;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class QuarantineRepository {

    private final JdbcClient jdbc;

    QuarantineRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(long inboundFileId, String reasonCode, String reason) {
        jdbc.sql("""
                INSERT INTO quarantine (inbound_file_id, reason_code, reason, created_at, status)
                VALUES (:fileId, :code, :reason, :now, :open)""")
                .param("open", QuarantineStatus.OPEN.name())
                .param("fileId", inboundFileId)
                .param("code", reasonCode)
                .param("reason", InboundFileRepository.truncate(reason, 2000))
                .param("now", InboundFileRepository.now())
                .update();
    }
}
