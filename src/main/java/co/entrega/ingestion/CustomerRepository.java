package co.entrega.ingestion;

import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class CustomerRepository {

    static final String FROM_MASTER = "MASTER";
    static final String FROM_UBL = "UBL";

    private static final RowMapper<Customer> MAPPER = (rs, n) -> new Customer(rs.getLong("id"), rs.getString("nit"),
            rs.getString("name"), rs.getString("email"), rs.getString("email_source"));

    private final JdbcClient jdbc;

    CustomerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Customer> findByNit(String nit) {
        return jdbc.sql("SELECT id, nit, name, email, email_source FROM customers WHERE nit = :nit")
                .param("nit", nit)
                .query(MAPPER)
                .optional();
    }

    Customer insert(Nit nit, String name, String email, String emailSource) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO customers (nit, check_digit, name, email, email_source, created_at, updated_at)
                VALUES (:nit, :dv, :name, :email, :source, :now, :now)""")
                .param("nit", nit.number())
                .param("dv", nit.checkDigit())
                .param("name", InboundFileRepository.truncate(name, 512))
                .param("email", InboundFileRepository.truncate(email, 1000))
                .param("source", email == null ? null : emailSource)
                .param("now", InboundFileRepository.now())
                .update(key, "id");
        return new Customer(key.getKeyAs(Number.class).longValue(), nit.number(), name, email,
                email == null ? null : emailSource);
    }

    /** An invoice brought an email for a customer that had none on record. */
    void setEmailFromInvoice(long id, String email) {
        jdbc.sql("""
                UPDATE customers SET email = :email, email_source = 'UBL', updated_at = :now
                WHERE id = :id AND email IS NULL""")
                .param("email", InboundFileRepository.truncate(email, 1000))
                .param("now", InboundFileRepository.now())
                .param("id", id)
                .update();
    }

    void fillMissingName(long id, String name) {
        jdbc.sql("UPDATE customers SET name = :name, updated_at = :now WHERE id = :id AND name IS NULL")
                .param("name", InboundFileRepository.truncate(name, 512))
                .param("now", InboundFileRepository.now())
                .param("id", id)
                .update();
    }

    /** The customer master wins: its name and email replace what is on record (a blank value changes nothing). */
    void updateFromMaster(long id, String name, String email) {
        if (name != null) {
            jdbc.sql("UPDATE customers SET name = :name, updated_at = :now WHERE id = :id")
                    .param("name", InboundFileRepository.truncate(name, 512))
                    .param("now", InboundFileRepository.now())
                    .param("id", id)
                    .update();
        }
        if (email != null) {
            jdbc.sql("UPDATE customers SET email = :email, email_source = 'MASTER', updated_at = :now WHERE id = :id")
                    .param("email", InboundFileRepository.truncate(email, 1000))
                    .param("now", InboundFileRepository.now())
                    .param("id", id)
                    .update();
        }
    }
}
