/**
 * The operators' console: the night's work, jobs, files, quarantine, emails, customers, the buyer's events, the audit
 * log.
 * <p>Owns: {@code operators}, {@code audit_log}.
 */
@ApplicationModule(allowedDependencies = {"web", "portal", "ingestion", "notification", "provisioning", "customers", "cluster",
        "evidence", "factors"})
package co.entrega.operations;

import org.springframework.modulith.ApplicationModule;
