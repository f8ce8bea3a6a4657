/**
 * The buyer's word on the issuer's invoices: the RADIAN events (ApplicationResponse 030 to 034) the ERP drops in the
 * inbox, recorded against their invoice (ingestion hands them over through {@code ingestion.BuyerResponses}), and
 * what follows from them: each invoice's state, the claims, and the invoices whose tacit acceptance is due.
 * <p>Owns: {@code buyer_events}.
 */
@ApplicationModule(allowedDependencies = {"ingestion", "customers"})
package co.entrega.evidence;

import org.springframework.modulith.ApplicationModule;
