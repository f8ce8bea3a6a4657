/**
 * The instances of Entrega sharing one database: each registers, beats, and is judged stopped when its beat ends, so
 * the others can take over its claims.
 * <p>Owns: {@code service_instances}.
 */
@ApplicationModule(allowedDependencies = {"storage"})
package co.entrega.cluster;

import org.springframework.modulith.ApplicationModule;
