package co.entrega.ingestion;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import co.entrega.customers.EmailAddresses;
import co.entrega.customers.Customer;
import co.entrega.customers.CustomerRepository;
import co.entrega.customers.EmailSource;
import co.entrega.storage.DocumentStore;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The customer master CSV: upserts customers by NIT. The file is checked whole before anything changes, so a file
 * with a bad row changes nothing and is quarantined naming the row.
 */
@Component
class CustomerMasterArrival {

    private final DocumentStore store;
    private final CustomerRepository customers;
    private final InvoiceRepository invoices;
    private final InboundFileRepository files;
    private final Quarantine quarantine;
    private final IngestionProperties properties;
    private final ApplicationEventPublisher events;

    CustomerMasterArrival(DocumentStore store, CustomerRepository customers, InvoiceRepository invoices,
                          InboundFileRepository files, Quarantine quarantine, IngestionProperties properties,
                          ApplicationEventPublisher events) {
        this.events = events;
        this.store = store;
        this.customers = customers;
        this.invoices = invoices;
        this.files = files;
        this.quarantine = quarantine;
        this.properties = properties;
    }

    void arrived(InboundFile csv) throws IOException {
        if (store.size(csv.documentId()) > properties.maxCsvSize().toBytes()) {
            quarantine.put(csv, "TOO_LARGE", "El CSV supera el tamaño máximo de " + properties.maxCsvSize().toBytes()
                    + " bytes");
            return;
        }
        CustomerMasterReader reader = new CustomerMasterReader();
        int[] counts = new int[4]; // rows, new, updated, invoices released
        try {
            try (InputStream in = store.open(csv.documentId())) {
                reader.read(in, row -> counts[0]++);
            }
            if (counts[0] == 0) {
                quarantine.put(csv, "CSV_EMPTY", "El CSV de clientes no tiene filas de datos");
                return;
            }
            try (InputStream in = store.open(csv.documentId())) {
                reader.read(in, row -> upsert(row, counts));
            }
        } catch (Rejection rejected) {
            quarantine.put(csv, rejected.code(), rejected.getMessage());
            return;
        }
        if (counts[3] > 0) {
            events.publishEvent(new InvoicesReady(counts[3]));
        }
        files.complete(csv.id(), InboundStatus.REGISTERED, null, "Maestro de clientes: " + counts[0] + " filas, "
                + counts[1] + " clientes nuevos, " + counts[2] + " actualizados, " + counts[3]
                + " documentos sin correo ahora con correo");
    }

    private void upsert(CustomerMasterReader.Row row, int[] counts) {
        String email = EmailAddresses.join(row.emails());
        Optional<Customer> known = customers.findByNit(row.nit().number());
        long id;
        if (known.isPresent()) {
            id = known.get().id();
            customers.updateFromMaster(id, row.name(), email);
            counts[2]++;
        } else {
            id = customers.insert(row.nit(), row.name(), email, EmailSource.MASTER).id();
            counts[1]++;
        }
        if (email != null) {
            counts[3] += invoices.releaseSinCorreo(id);
        }
    }
}
