package co.entrega.factors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.registration.HttpSessionPublicKeyCredentialCreationOptionsRepository;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsRepository;

/**
 * A registration's options, kept in the session under the realm's own name, and handed back only to the user they
 * were made for: options asked for as one user, then a login as another in the same session, must not register a
 * passkey for the first (the registration filter saves the credential under the options' user).
 */
final class OwnCreationOptions implements PublicKeyCredentialCreationOptionsRepository {

    private final HttpSessionPublicKeyCredentialCreationOptionsRepository session =
            new HttpSessionPublicKeyCredentialCreationOptionsRepository();

    OwnCreationOptions(Realm realm) {
        session.setAttrName(OwnCreationOptions.class.getName() + "." + realm);
    }

    @Override
    public void save(HttpServletRequest request, HttpServletResponse response,
                     PublicKeyCredentialCreationOptions options) {
        session.save(request, response, options);
    }

    @Override
    public PublicKeyCredentialCreationOptions load(HttpServletRequest request) {
        PublicKeyCredentialCreationOptions options = session.load(request);
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        if (options == null || current == null || !options.getUser().getName().equals(current.getName())) {
            return null;
        }
        return options;
    }
}
