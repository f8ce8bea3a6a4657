package co.entrega.notification;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.springframework.stereotype.Service;

/**
 * Account emails the portal asks for: a password-reset link, the confirmation of a password change, and the notice
 * of a passkey registered or removed. They go
 * through the outbox like every email (sent once, retried, visible); the reset link's token is made when the email is
 * sent, so it is never stored in clear.
 */
@Service
public class AccountMail {

    /** At most one reset email per account in this window, however often the form is submitted. */
    private static final long RESET_WINDOW_MINUTES = 5;

    private final MailOutbox outbox;
    private final AccountRecipient.Finder recipients;

    AccountMail(MailOutbox outbox, AccountRecipient.Finder recipients) {
        this.outbox = outbox;
        this.recipients = recipients;
    }

    /** @return true if an email was queued (false: no address on record, or one was queued moments ago) */
    public boolean queuePasswordReset(long accountId) {
        long window = Instant.now().getEpochSecond() / (RESET_WINDOW_MINUTES * 60);
        return queue(MailKind.PASSWORD_RESET, "password-reset:account:" + accountId + ":" + window, accountId);
    }

    public boolean queuePasswordChanged(long accountId) {
        return queue(MailKind.PASSWORD_CHANGED,
                "password-changed:account:" + accountId + ":" + Instant.now().truncatedTo(ChronoUnit.MILLIS).toEpochMilli(),
                accountId);
    }

    /** A passkey was registered on, or removed from, the account: its owner hears of it (a stranger's would show). */
    public boolean queuePasskeyChanged(long accountId, String credentialId, boolean added) {
        // One notice per passkey and change: several removed at once (a reissue) are several notices.
        String passkey = credentialId.length() > 64 ? credentialId.substring(0, 64) : credentialId;
        return queue(added ? MailKind.PASSKEY_ADDED : MailKind.PASSKEY_REMOVED,
                (added ? "passkey-added" : "passkey-removed") + ":account:" + accountId + ":" + passkey, accountId);
    }

    private boolean queue(MailKind kind, String dedupKey, long accountId) {
        return recipients.of(accountId)
                .map(r -> outbox.queue(kind, dedupKey, r.customerId(), accountId, null, r.email()))
                .orElse(false);
    }
}
