/**
 * The issuer's customers (the invoices' "adquirientes"), by NIT, with the email on record and where it came from.
 * <p>Owns: {@code customers}.
 */
@ApplicationModule(allowedDependencies = {})
package co.entrega.customers;

import org.springframework.modulith.ApplicationModule;
