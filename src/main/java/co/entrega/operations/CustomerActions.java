package co.entrega.operations;

import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import co.entrega.customers.CustomerRepository;
import co.entrega.factors.Passkeys;
import co.entrega.factors.Realm;
import co.entrega.ingestion.CustomerEmailChange;
import co.entrega.notification.OutboxAdmin;
import co.entrega.notification.OutboxStatus;
import co.entrega.provisioning.AccountState;
import co.entrega.provisioning.Accounts;

/** What an operator does to a customer; each action and its audit entry commit together. */
@Service
class CustomerActions {

    private final CustomerRepository customers;
    private final CustomerEmailChange emailChange;
    private final Accounts accounts;
    private final OutboxAdmin outbox;
    private final ConsoleActions actions;
    private final Passkeys passkeys;

    CustomerActions(CustomerRepository customers, CustomerEmailChange emailChange, Accounts accounts,
                    OutboxAdmin outbox, ConsoleActions actions, Passkeys passkeys) {
        this.passkeys = passkeys;
        this.customers = customers;
        this.emailChange = emailChange;
        this.accounts = accounts;
        this.outbox = outbox;
        this.actions = actions;
    }

    /**
     * Sets the email on record; the customer's emails not sent yet go to it. Empty if there is no such customer.
     *
     * @throws IllegalArgumentException with a Spanish message when the text holds no valid address or a bad one
     */
    @Transactional
    Optional<CustomerEmailChange.Changed> changeEmail(long customerId, String email, String comment, String from) {
        Optional<String> before = customers.findById(customerId).map(c -> c.hasEmail() ? c.email() : "");
        return before.map(was -> {
            CustomerEmailChange.Changed done = emailChange.change(customerId, email);
            outbox.readdressUnsent(customerId, done.email());
            actions.record(from, "CUSTOMER_EMAIL", "customer", customerId, was, done.email(), comment);
            return done;
        });
    }

    /** How many bounced emails go again, and to which address. */
    record Resent(int count, String address) {
    }

    /** The customer's bounced emails go again, to the address on record now. Empty if there is no such customer. */
    @Transactional
    Optional<Resent> resendBounced(long customerId, String from) {
        return customers.findById(customerId).map(customer -> {
            int resent = outbox.resendBounced(customerId);
            actions.record(from, "MAIL_RESEND_BOUNCED", "customer", customerId, resent + " " + OutboxStatus.BOUNCED,
                    OutboxStatus.PENDING + " a " + customer.email(), null);
            return new Resent(resent, customer.email());
        });
    }

    /**
     * The account's credentials stop working and new credential emails are queued.
     *
     * @throws IllegalStateException when the customer has no email on record
     */
    @Transactional
    void reissueCredentials(AccountState account, String comment, String from) {
        accounts.revokeCredentials(account.id());
        // Whoever had the leaked credentials may have registered a passkey: it goes with them (each removal is
        // emailed to the address on record).
        int passkeysRemoved = passkeys.removeAll(Realm.CUSTOMER, account.username());
        outbox.queueReissuedCredentials(account.id(), String.valueOf(Instant.now().toEpochMilli()));
        actions.record(from, "CREDENTIALS_REISSUE", "customer", account.customerId(), "credenciales anteriores"
                        + (passkeysRemoved > 0 ? " y " + passkeysRemoved + " llave(s) de acceso" : ""),
                "nuevas credenciales por correo (cuenta " + account.id() + ")", comment);
    }

    @Transactional
    void setLocked(AccountState account, boolean lock, String comment, String from) {
        accounts.setLocked(account.id(), lock);
        actions.record(from, lock ? "ACCOUNT_LOCK" : "ACCOUNT_UNLOCK", "customer", account.customerId(),
                account.locked() ? "bloqueada" : "activa", lock ? "bloqueada" : "activa", comment);
    }
}
