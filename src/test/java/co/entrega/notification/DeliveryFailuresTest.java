package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;

import jakarta.mail.MessagingException;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

class DeliveryFailuresTest {

    @Test
    void theRelayUnreachableOrA4xxReplyIsTransientA5xxIsNot() {
        assertThat(DeliveryFailures.isTransient(new MessagingException("send", new ConnectException("refused")))).isTrue();
        assertThat(DeliveryFailures.isTransient(new MessagingException("451 4.3.0 try again later"))).isTrue();
        assertThat(DeliveryFailures.isTransient(new MessagingException("550 5.1.1 mailbox unavailable"))).isFalse();
    }

    /**
     * OutagesFaultIT (PostgreSQL stopped for 20 s under load) once ended with an email FAILED for good: composing it
     * failed because the database was down, that is not an SMTP failure, so it was recorded as permanent once the
     * database was back.
     */
    @Test
    void theDatabaseUnreachableWhileComposingIsTransient() {
        assertThat(DeliveryFailures.isTransient(new CannotCreateTransactionException("no connection",
                new SQLException("Connection refused", "08001")))).isTrue();
        assertThat(DeliveryFailures.isTransient(new CannotGetJdbcConnectionException("pool",
                new SQLException("timeout")))).isTrue();
        assertThat(DeliveryFailures.isTransient(new RuntimeException("wrapped",
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
    }

    @Test
    void aBugOfOursIsNotRetriedForever() {
        assertThat(DeliveryFailures.isTransient(new IllegalStateException("template error"))).isFalse();
        assertThat(DeliveryFailures.isTransient(new SQLException("syntax error", "42601"))).isFalse();
    }
}
