package co.entrega.ingestion;

/** A file cannot be registered: a stable code and a Spanish reason an operator can act on. */
class Rejection extends Exception {

    private final String code;

    Rejection(String code, String reason) {
        super(reason);
        this.code = code;
    }

    String code() {
        return code;
    }
}
