/**
 * The document store: XML, PDF and ZIP files by id, written durably before anything refers to them (a folder now).
 * <p>Owns: no table.
 */
@ApplicationModule(allowedDependencies = {})
package co.entrega.storage;

import org.springframework.modulith.ApplicationModule;
