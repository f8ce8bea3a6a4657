package co.entrega.notification;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a transient SMTP failure (connection refused or timed out, a 4xx reply: try again later) from a permanent
 * one (a 5xx reply such as 550 "mailbox unavailable": retrying cannot help).
 */
final class SmtpFailures {

    private static final Pattern REPLY_CODE = Pattern.compile("\\b([45])\\d\\d\\b");

    private SmtpFailures() {
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Integer code = replyCode(t);
            if (code != null) {
                return code < 500;
            }
            if (t instanceof ConnectException || t instanceof SocketTimeoutException
                    || t instanceof UnknownHostException || t instanceof java.net.SocketException) {
                return true;
            }
            if (t.getClass().getName().endsWith("MailConnectException")) {
                return true;
            }
        }
        return false;
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
        if (t instanceof jakarta.mail.MessagingException && t.getMessage() != null) {
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
