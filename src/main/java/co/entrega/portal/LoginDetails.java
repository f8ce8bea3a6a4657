package co.entrega.portal;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** The remote address (for throttling and the download log) and the activation token a login form was bound to. */
class LoginDetails extends WebAuthenticationDetails {

    private final String activationToken;

    LoginDetails(HttpServletRequest request) {
        super(request);
        String token = request.getParameter("token");
        this.activationToken = token == null || token.isBlank() ? null : token;
    }

    String activationToken() {
        return activationToken;
    }
}
