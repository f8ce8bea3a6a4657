package co.entrega.ingestion;

/** A customer of the issuer (the invoices' "adquiriente"), identified by NIT. */
record Customer(long id, String nit, String name, String email, String emailSource) {

    boolean hasEmail() {
        return email != null && !email.isBlank();
    }
}
