package co.entrega.notification;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a transient failure to deliver an email (SMTP connection refused or timed out, a 4xx reply: try again later)
 * from a permanent one (a 5xx reply such as 550 "mailbox unavailable": retrying cannot help). The database being
 * unreachable while an email is composed (it reads the invoice and its documents' records) is transient too: the
 * email waits for the database like it waits for the relay, instead of being marked FAILED for good if the database
 * is back by the time the failure is recorded (OutagesFaultIT, PostgreSQL restarted under load).
 */
final class DeliveryFailures {

    private static final Pattern REPLY_CODE = Pattern.compile("\\b([45])\\d\\d\\b");

    private DeliveryFailures() {
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Integer code = replyCode(t);
            if (code != null) {
                return code < 500;
            }
            if (t instanceof ConnectException || t instanceof SocketTimeoutException
                    || t instanceof UnknownHostException || t instanceof SocketException) {
                return true;
            }
            if (t.getClass().getName().endsWith("MailConnectException") || connectionDropped(t)) {
                return true;
            }
            if (databaseUnreachable(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Spring's "could not get a connection" and "resource failure" exceptions, and the JDBC ones a driver throws when
     * the connection is lost (SQLState class 08, connection exception; PostgreSQL's 57P01–57P03, the server shutting
     * down or starting up).
     */
    private static boolean databaseUnreachable(Throwable t) {
        if (t instanceof DataAccessResourceFailureException
                || t instanceof TransientDataAccessException
                || t instanceof RecoverableDataAccessException
                || t instanceof CannotCreateTransactionException
                || t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
            return true;
        }
        if (t instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            return state.startsWith("08") || state.startsWith("57P0");
        }
        return false;
    }

    /**
     * The relay closed the connection without a reply (it went down in the middle of the conversation): Angus Mail
     * reports the missing reply as "[EOF]", with reply code -1 and no cause. The next attempt may well get through.
     */
    private static boolean connectionDropped(Throwable t) {
        return t instanceof MessagingException && t.getMessage() != null
                && t.getMessage().startsWith("[EOF]");
    }

    /** The SMTP reply code of Angus Mail's SMTP exceptions (getReturnCode), read without depending on its classes. */
    private static Integer replyCode(Throwable t) {
        try {
            Object code = t.getClass().getMethod("getReturnCode").invoke(t);
            if (code instanceof Integer value && value > 0) {
                return value;
            }
        } catch (ReflectiveOperationException ignored) {
            // not an SMTP reply exception
        }
        if (t instanceof MessagingException && t.getMessage() != null) {
            Matcher matcher = REPLY_CODE.matcher(t.getMessage());
            if (matcher.find() && t.getMessage().startsWith(matcher.group())) {
                return Integer.valueOf(t.getMessage().substring(0, 3));
            }
        }
        return null;
    }

    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < 1500; t = t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }
}
