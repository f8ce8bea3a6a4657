package co.entrega.customers;

/** A customer of the issuer (the invoices' "adquiriente"), identified by NIT. */
public record Customer(long id, String nit, String name, String email, EmailSource emailSource) {

    /** The name on record, or the NIT when there is none. */
    public String displayName() {
        return name != null ? name : nit;
    }

    public boolean hasEmail() {
        return email != null && !email.isBlank();
    }
}
