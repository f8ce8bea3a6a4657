package co.entrega.factors;

/** Whose account a factor belongs to: an operator (operators.id) or a customer (portal_accounts.id). */
public enum Realm {
    OPERATOR,
    CUSTOMER
}
