package co.entrega.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "corta1        | TOO_SHORT",
            "abcdefghijk   | TOO_SHORT",
            "password1234  | COMMON",
            "PASSWORD1234  | COMMON",
            "Contraseña123 | COMMON",
            "colombia2026  | COMMON",
            "mi900123456clave | CONTAINS_USERNAME",
            "clave 123456 de casa | SEQUENCE",
            "zzzz es mi clave de casa | SEQUENCE",
    })
    void refusesWithTheReason(String password, PasswordPolicy.Refusal expected) {
        assertThat(policy.check("900123456", password, password)).contains(expected);
    }

    @Test
    void acceptsLongPassphrasesWithAnyCharacters() {
        assertThat(policy.check("900123456", "el café de la mañana 🌞", "el café de la mañana 🌞")).isEmpty();
        assertThat(policy.check("900123456", "Tr0ub4dor&3-correct-horse", "Tr0ub4dor&3-correct-horse")).isEmpty();
        String sixtyFour = "una frase muy larga que sigue y sigue sin parar nunca jamás, ok!";
        assertThat(sixtyFour).hasSize(64);
        assertThat(policy.check("900123456", sixtyFour, sixtyFour)).isEmpty();
    }

    @Test
    void countsCharactersNotCodeUnits() {
        // 12 emoji are 24 UTF-16 units but 12 characters: accepted; 11 are refused.
        String twelve = "🌞🌙⭐🌈🍀🌻🐝🦋🐢🐬🌵🍉";
        assertThat(policy.check("900123456", twelve, twelve)).isEmpty();
        String eleven = twelve.substring(0, twelve.offsetByCodePoints(0, 11));
        assertThat(policy.check("900123456", eleven, eleven)).contains(PasswordPolicy.Refusal.TOO_SHORT);
    }

    @Test
    void refusesPastTheMaximumAndAMismatchedConfirmation() {
        String long129 = "a b".repeat(43);
        assertThat(policy.check("900123456", long129, long129)).contains(PasswordPolicy.Refusal.TOO_LONG);
        assertThat(policy.check("900123456", "una frase larga y propia", "una frase larga y propiA"))
                .contains(PasswordPolicy.Refusal.MISMATCH);
    }
}
