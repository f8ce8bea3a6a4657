package co.entrega.factors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;

/**
 * Registration options made for one user are not handed to another who logged in in the same session since (the
 * registration filter would save the new passkey under the options' user), nor to the other realm.
 */
class OwnCreationOptionsTest {

    @AfterEach
    void noOneLoggedIn() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void optionsGoBackOnlyToTheirUserInTheirRealm() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        OwnCreationOptions operators = new OwnCreationOptions(Realm.OPERATOR);
        loggedIn("beatriz");
        operators.save(request, new MockHttpServletResponse(), optionsFor("beatriz"));
        assertThat(operators.load(request)).isNotNull();

        loggedIn("andres"); // another login, same session
        assertThat(operators.load(request)).isNull();

        loggedIn("beatriz");
        assertThat(new OwnCreationOptions(Realm.CUSTOMER).load(request)).isNull();
        assertThat(operators.load(request).getUser().getName()).isEqualTo("beatriz");
    }

    private static void loggedIn(String name) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name,
                null, List.of(new SimpleGrantedAuthority("ROLE_OPERATOR"))));
    }

    private static PublicKeyCredentialCreationOptions optionsFor(String name) {
        return PublicKeyCredentialCreationOptions.builder()
                .rp(PublicKeyCredentialRpEntity.builder().id("localhost").name("Entrega").build())
                .user(ImmutablePublicKeyCredentialUserEntity.builder().id(Bytes.random()).name(name).displayName(name)
                        .build())
                .challenge(Bytes.random())
                .build();
    }
}
