/**
 * The notify job (accounts for first invoices, the emails to queue) and the mail outbox that sends each email once.
 * <p>Owns: {@code mail_outbox}, {@code shedlock}, and Spring Batch's tables.
 * <p>Reads: {@code service_instances} (an outbox claim is abandoned when its instance is no longer registered, and
 * this must be judged in the claiming statement itself).
 */
@ApplicationModule(allowedDependencies = {"cluster", "storage", "customers", "provisioning", "ingestion"})
package co.entrega.notification;

import org.springframework.modulith.ApplicationModule;
