package co.entrega.customers;

/** Where the email on record came from; the column {@code customers.email_source} holds the name. */
public enum EmailSource {
    /** The issuer's customer master file, which wins over invoices. */
    MASTER,
    /** An invoice's UBL, used only while the customer had no email on record. */
    UBL,
    /** An operator, in the console; it wins like the master. */
    OPERATOR;

    static EmailSource of(String column) {
        return column == null ? null : valueOf(column);
    }
}
