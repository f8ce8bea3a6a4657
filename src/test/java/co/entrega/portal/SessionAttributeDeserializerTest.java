package co.entrega.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.csrf.DefaultCsrfToken;

/** What a session holds comes back as it went in, every time; a class the loader cannot see fails as before. */
class SessionAttributeDeserializerTest {

    private final SerializingConverter serializer = new SerializingConverter();

    @Test
    void theSecurityContextAndTheCsrfTokenComeBackEqualOnEveryRead() throws IOException {
        User user = new User("900123456", "", List.of(new SimpleGrantedAuthority("ROLE_CUSTOMER")));
        SecurityContextImpl context = new SecurityContextImpl(
                UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        DefaultCsrfToken token = new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "a-token");
        SessionAttributeDeserializer deserializer = new SessionAttributeDeserializer(getClass().getClassLoader());

        for (int read = 0; read < 3; read++) { // the first read looks the classes up, the next ones reuse them
            Object readContext = deserializer.deserialize(new ByteArrayInputStream(serializer.convert(context)));
            assertThat(readContext).isEqualTo(context).isNotSameAs(context);
            assertThat(((SecurityContextImpl) readContext).getAuthentication().getPrincipal()).isEqualTo(user);
            DefaultCsrfToken readToken = (DefaultCsrfToken) deserializer.deserialize(
                    new ByteArrayInputStream(serializer.convert(token)));
            assertThat(readToken.getToken()).isEqualTo("a-token");
            assertThat(readToken.getParameterName()).isEqualTo("_csrf");
        }
    }

    @Test
    void aClassTheLoaderCannotSeeIsAnErrorNotAnotherClass() throws IOException {
        SessionAttributeDeserializer blind = new SessionAttributeDeserializer(new URLClassLoader(new URL[0], null));
        byte[] bytes = serializer.convert(new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "a-token"));

        assertThat(blind.deserialize(new ByteArrayInputStream(serializer.convert("plain text")))).isEqualTo("plain text");
        assertThatThrownBy(() -> blind.deserialize(new ByteArrayInputStream(bytes)))
                .isInstanceOf(IOException.class).hasCauseInstanceOf(ClassNotFoundException.class);
    }
}
