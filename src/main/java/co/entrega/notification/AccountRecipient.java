package co.entrega.notification;

import java.util.Optional;

import co.entrega.customers.CustomerRepository;
import co.entrega.provisioning.Accounts;

import org.springframework.stereotype.Component;

/** Where an account's emails go: its customer's email on record. */
record AccountRecipient(long customerId, String email) {

    @Component
    static class Finder {
        private final Accounts accounts;
        private final CustomerRepository customers;

        Finder(Accounts accounts, CustomerRepository customers) {
            this.accounts = accounts;
            this.customers = customers;
        }

        /** Empty when the account is unknown or its customer has no email on record. */
        Optional<AccountRecipient> of(long accountId) {
            return accounts.find(accountId)
                    .flatMap(account -> customers.findById(account.customerId()))
                    .filter(customer -> customer.hasEmail())
                    .map(customer -> new AccountRecipient(customer.id(), customer.email()));
        }
    }
}
