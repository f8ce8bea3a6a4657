package co.entrega.customers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NitTest {

    @Test
    void separatorsAndTheCheckDigitAreNotPartOfTheIdentity() {
        assertThat(Nit.parse(" 900.123.456-7 ", null)).isEqualTo(new Nit("900123456", "7"));
        assertThat(Nit.parse("900123456", "7")).isEqualTo(new Nit("900123456", "7"));
        assertThat(Nit.parse("900123456-7", "8")).isEqualTo(new Nit("900123456", "8"));
        assertThat(Nit.parse("1020304050", null)).isEqualTo(new Nit("1020304050", null));
        assertThat(Nit.parse("  ", null).isBlank()).isTrue();
    }

    @Test
    void emailFieldsSplitOnCommasSemicolonsAndSpaces() {
        assertThat(EmailAddresses.parse("A@x.co; b@y.co,c@z.co  a@x.co")).containsExactly("a@x.co", "b@y.co", "c@z.co");
        assertThat(EmailAddresses.invalid("a@x.co; nope; b@")).containsExactly("nope", "b@");
    }
}
