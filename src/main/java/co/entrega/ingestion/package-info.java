/**
 * What arrives: the files the ERP drops (claimed, stored, parsed (UBL), paired, registered as invoices once) and the
 * messages of the issuer's reception mailbox (stored as received, then bounces handed to their sender through
 * {@code DeliveryReports}, automatic replies recorded, attached documents decided like inbox files); whatever cannot
 * be understood is quarantined with a reason. {@code ingestion.ubl} (the UBL reader) and {@code ingestion.samples} (the demonstration's invoices) are
 * internal.
 * <p>Owns: {@code inbound_files}, {@code inbox_claims}, {@code quarantine}, {@code invoices}.
 */
@ApplicationModule(allowedDependencies = {"storage", "cluster", "customers"})
package co.entrega.ingestion;

import org.springframework.modulith.ApplicationModule;
