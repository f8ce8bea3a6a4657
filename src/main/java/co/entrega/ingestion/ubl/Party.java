package co.entrega.ingestion.ubl;

/**
 * A supplier or customer as the UBL names it.
 *
 * @param nit              the identification number (NIT or other id), digits as written, never null on a parsed document
 * @param checkDigit       the DIAN check digit (schemeID attribute), or null
 * @param idType           the identification type code (schemeName attribute: 31 = NIT, 13 = cédula, ...), or null
 * @param registrationName the legal name (PartyLegalEntity, then PartyTaxScheme, then PartyName), or null
 * @param commercialName   the trade name (PartyName/Name), or null
 */
public record Party(String nit, String checkDigit, String idType, String registrationName, String commercialName) {

    /** The name to show a person: the legal name, else the trade name. */
    public String displayName() {
        return registrationName != null ? registrationName : commercialName;
    }
}
