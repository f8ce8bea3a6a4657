package co.entrega.portal;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import co.entrega.factors.PasskeyChanged;
import co.entrega.factors.Realm;
import co.entrega.notification.AccountMail;
import co.entrega.provisioning.Accounts;

/**
 * A customer's passkey registered or removed: a notice to the address on record, queued in the transaction that
 * stored the change (a stranger's passkey on the account must not go unnoticed).
 */
@Component
class PasskeyNotices {

    private final Accounts accounts;
    private final AccountMail mail;

    PasskeyNotices(Accounts accounts, AccountMail mail) {
        this.accounts = accounts;
        this.mail = mail;
    }

    @EventListener
    void changed(PasskeyChanged change) {
        if (change.realm() != Realm.CUSTOMER) {
            return;
        }
        accounts.findForLogin(change.username())
                .ifPresent(account -> mail.queuePasskeyChanged(account.id(), change.credentialId(), change.added()));
    }
}
