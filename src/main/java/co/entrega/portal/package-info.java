/**
 * The customers' portal: single-use links, login, password changes, the invoices list and search, downloads, and
 * each invoice's history ({@code InvoiceHistory}, which the console shows too).
 * <p>Owns: {@code document_downloads}, and Spring Session's tables.
 * <p>Reads: {@code invoices} (a customer's documents page joins them with its downloads in one paged query, which
 * keeps the page fast at a million invoices).
 */
@ApplicationModule(allowedDependencies = {"web", "provisioning", "notification", "storage", "ingestion", "evidence",
        "factors"})
package co.entrega.portal;

import org.springframework.modulith.ApplicationModule;
