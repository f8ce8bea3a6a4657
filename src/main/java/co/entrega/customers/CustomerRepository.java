package co.entrega.customers;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code customers} table: the only class that writes it. */
@Repository
public class CustomerRepository {

    private static final RowMapper<Customer> MAPPER = (rs, n) -> new Customer(rs.getLong("id"), rs.getString("nit"),
            rs.getString("name"), rs.getString("email"), EmailSource.of(rs.getString("email_source")));

    private final JdbcClient jdbc;

    CustomerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Customer> findById(long id) {
        return jdbc.sql("SELECT id, nit, name, email, email_source FROM customers WHERE id = :id")
                .param("id", id)
                .query(MAPPER)
                .optional();
    }

    /** The email on record of each of these customers that has one. */
    public Map<Long, String> emailsOf(Collection<Long> ids) {
        Map<Long, String> emails = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("SELECT id, email FROM customers WHERE id IN (:ids) AND email IS NOT NULL")
                    .param("ids", ids)
                    .query(rs -> {
                        emails.put(rs.getLong(1), rs.getString(2));
                    });
        }
        return emails;
    }

    public Optional<Customer> findByNit(String nit) {
        return jdbc.sql("SELECT id, nit, name, email, email_source FROM customers WHERE nit = :nit")
                .param("nit", nit)
                .query(MAPPER)
                .optional();
    }

    public Customer insert(Nit nit, String name, String email, EmailSource emailSource) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO customers (nit, check_digit, name, email, email_source, created_at, updated_at)
                VALUES (:nit, :dv, :name, :email, :source, :now, :now)""")
                .param("nit", nit.number())
                .param("dv", nit.checkDigit())
                .param("name", truncate(name, 512))
                .param("email", truncate(email, 1000))
                .param("source", email == null ? null : emailSource.name())
                .param("now", now())
                .update(key, "id");
        return new Customer(key.getKeyAs(Number.class).longValue(), nit.number(), name, email,
                email == null ? null : emailSource);
    }

    /** An invoice brought an email for a customer that had none on record. */
    public void setEmailFromInvoice(long id, String email) {
        jdbc.sql("""
                UPDATE customers SET email = :email, email_source = :source, updated_at = :now
                WHERE id = :id AND email IS NULL""")
                .param("email", truncate(email, 1000))
                .param("source", EmailSource.UBL.name())
                .param("now", now())
                .param("id", id)
                .update();
    }

    public void fillMissingName(long id, String name) {
        jdbc.sql("UPDATE customers SET name = :name, updated_at = :now WHERE id = :id AND name IS NULL")
                .param("name", truncate(name, 512))
                .param("now", now())
                .param("id", id)
                .update();
    }

    /** The customer master wins: its name and email replace what is on record (a blank value changes nothing). */
    public void updateFromMaster(long id, String name, String email) {
        if (name != null) {
            jdbc.sql("UPDATE customers SET name = :name, updated_at = :now WHERE id = :id")
                    .param("name", truncate(name, 512))
                    .param("now", now())
                    .param("id", id)
                    .update();
        }
        if (email != null) {
            setEmail(id, email, EmailSource.MASTER);
        }
    }

    /** Sets the email on record from a source that wins over invoices (the master, an operator). */
    public void setEmail(long id, String email, EmailSource source) {
        jdbc.sql("UPDATE customers SET email = :email, email_source = :source, updated_at = :now WHERE id = :id")
                .param("email", truncate(email, 1000))
                .param("source", source.name())
                .param("now", now())
                .param("id", id)
                .update();
    }

    /** An email to this address of the customer came back (a delivery report), for the console to show. */
    public void markBouncing(long id, String address, String reason, OffsetDateTime at) {
        jdbc.sql("""
                UPDATE customers SET email_bounced = :address, email_bounced_at = :at, email_bounce_reason = :reason
                WHERE id = :id""")
                .param("address", truncate(address, 320))
                .param("at", at)
                .param("reason", truncate(reason, 1000))
                .param("id", id)
                .update();
    }

    /** The last bounce of an address the customer still has on record, if any. */
    public Optional<EmailBounce> bounceOf(long id) {
        return jdbc.sql("SELECT email, email_bounced, email_bounced_at, email_bounce_reason FROM customers"
                        + " WHERE id = :id AND email_bounced IS NOT NULL")
                .param("id", id)
                .query((rs, n) -> EmailAddresses.parse(rs.getString("email")).contains(rs.getString("email_bounced"))
                        ? new EmailBounce(rs.getString("email_bounced"),
                                rs.getObject("email_bounced_at", OffsetDateTime.class),
                                rs.getString("email_bounce_reason"))
                        : null)
                .list().stream().filter(java.util.Objects::nonNull).findFirst();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    /** Keeps a value within its column, marking the cut. */
    public static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    /** Customers without an email on record. */
    public long countWithoutEmail() {
        return jdbc.sql("SELECT COUNT(*) FROM customers WHERE email IS NULL").query(Long.class).single();
    }

    /**
     * Customers whose NIT, name or email contains the text (any case), by name; with {@code withoutEmail}, only those
     * without an email on record or among {@code alsoWithoutEmail}.
     */
    public List<Customer> search(String text, boolean withoutEmail, Collection<Long> alsoWithoutEmail, int limit) {
        String like = "%" + text.strip().toLowerCase(Locale.ROOT).replace("%", "").replace("_", "") + "%";
        String filter = !withoutEmail ? "" : alsoWithoutEmail.isEmpty() ? " AND email IS NULL"
                : " AND (email IS NULL OR id IN (:also))";
        var query = jdbc.sql("SELECT id, nit, name, email, email_source FROM customers"
                        + " WHERE (LOWER(nit) LIKE :q OR LOWER(COALESCE(name, '')) LIKE :q"
                        + " OR LOWER(COALESCE(email, '')) LIKE :q)" + filter + " ORDER BY name, id LIMIT :limit")
                .param("q", like)
                .param("limit", limit);
        if (withoutEmail && !alsoWithoutEmail.isEmpty()) {
            query.param("also", alsoWithoutEmail);
        }
        return query.query(MAPPER).list();
    }
}
