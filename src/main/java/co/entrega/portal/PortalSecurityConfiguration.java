package co.entrega.portal;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;

import co.entrega.factors.PasskeyEndpoints;
import co.entrega.factors.Passkeys;
import co.entrega.factors.Realm;
import co.entrega.provisioning.Accounts;
import co.entrega.web.LoginThrottle;
import co.entrega.web.SecurityHeaders;

/**
 * The portal's security: form login at /login (Spring Security), CSRF on every form, a new session id at login,
 * throttled logins, a forced password change before anything else, and strict headers. Pages that must work without
 * a login: the login page, the single-use links, the forgotten-password form, static files, errors, health and
 * metrics (the operators' console will have its own login), and the demonstration mailbox (which exists only when
 * no SMTP server is configured).
 */
@Configuration(proxyBeanMethods = false)
public class PortalSecurityConfiguration {

    /**
     * No Micrometer observation around every filter of every request (Spring Security's default when actuator is
     * present: a timer and an event per filter, 5 % of a page's CPU under load) nor around each authorization
     * decision; logins are still observed, and every request is still timed as http.server.requests.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.withDefaults().shouldObserveRequests(false)
                .shouldObserveAuthorizations(false).build();
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    RequestCache requestCache() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        // The success handler reads the saved request on the login POST itself (Spring Security 6 would otherwise only
        // hand it out on a request carrying "?continue"); LoginOutcomes keeps only /facturas pages from it.
        cache.setMatchingRequestParameterName(null);
        return cache;
    }

    /**
     * The one authentication manager, with our provider only. (Published as a provider bean instead, Spring Security
     * would also put it in a parent manager and ask it twice per failed login, counting each failure twice.)
     */
    @Bean
    AuthenticationManager portalAuthenticationManager(Accounts accounts, PasswordEncoder passwordEncoder,
                                                      LoginThrottle throttle) {
        return new ProviderManager(new PortalAuthenticationProvider(accounts, passwordEncoder, throttle));
    }

    /** Files that are the same for everyone: the stylesheet, images, the passkeys' script, the icon. */
    static final String[] STATIC_FILES = {"/css/**", "/img/**", "/js/**", "/favicon.ico"};

    /**
     * Static files: served with the portal's headers but without the session. No session is read, touched or created
     * and no account is checked for them (a page's stylesheet would otherwise cost a session read, an account query
     * and a session write in the database); they carry a content hash in their URL and are cached by browsers for a
     * year (spring.web.resources.*). Only GET and HEAD: anything else is refused.
     */
    @Bean
    @Order(-10)
    SecurityFilterChain staticFilesSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher(STATIC_FILES)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.GET, STATIC_FILES).permitAll()
                        .requestMatchers(HttpMethod.HEAD, STATIC_FILES).permitAll()
                        .anyRequest().denyAll())
                .securityContext(context -> context.securityContextRepository(
                        new RequestAttributeSecurityContextRepository()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                // Nothing here changes state (GET and HEAD only), and a CSRF check would read the session.
                .csrf(csrf -> csrf.disable())
                .headers(SecurityHeaders::strict)
                .addFilterBefore(new SessionlessRequestFilter(), SecurityContextHolderFilter.class);
        return http.build();
    }

    /**
     * The demonstration mailbox (only in demonstration mode) shows emails as they are, inline styles included; it
     * has no login and no forms.
     */
    @Bean
    @Order(1)
    SecurityFilterChain demoMailboxSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/dev/mailbox/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; "
                                + "style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; script-src 'none'; "
                                + "object-src 'none'; base-uri 'none'; frame-ancestors 'self'"))
                        .frameOptions(HeadersConfigurer.FrameOptionsConfig::sameOrigin)
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain portalSecurity(HttpSecurity http, AuthenticationManager authenticationManager,
                                       LoginOutcomes outcomes, SecurityContextRepository contexts,
                                       RequestCache requestCache, Accounts accounts, Passkeys passkeys,
                                       @Value(
                                               "${server.servlet.session.cookie.name:SESSION}") String sessionCookie)
            throws Exception {
        http.authenticationManager(authenticationManager)
                .securityContext(context -> context.securityContextRepository(contexts))
                .requestCache(cache -> cache.requestCache(requestCache))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/login/webauthn", "/webauthn/authenticate/options", "/acceso/**",
                                "/restablecer/**", "/contrasena/olvido", "/error",
                                "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
                        .permitAll()
                        // Other management endpoints are not for customers (the operators' console will have its own).
                        .requestMatchers("/actuator/**").denyAll()
                        // A new passkey only within minutes of a login: a stolen, older session cannot add one.
                        .requestMatchers(HttpMethod.POST, "/webauthn/register/options", "/webauthn/register")
                        .access(RecentLogin.customerWithin(RecentLogin.PASSKEY_REGISTRATION))
                        .anyRequest().hasRole("CUSTOMER"))
                .formLogin(form -> form
                        .loginPage("/login")
                        .authenticationDetailsSource(LoginDetails::new)
                        .successHandler(outcomes)
                        .failureHandler(outcomes)
                        .permitAll())
                .logout(logout -> logout
                        .logoutUrl("/logout")
                        .logoutSuccessUrl("/login?salida")
                        .deleteCookies(sessionCookie))
                .sessionManagement(session -> session
                        .sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(SecurityHeaders::strict)
                .addFilterBefore(new AccountSessionFilter(accounts), AnonymousAuthenticationFilter.class);
        // Passkeys: offered, never required; a passkey logs in instead of the password.
        PasskeyLoginOutcomes passkeyOutcomes = new PasskeyLoginOutcomes(outcomes);
        PasskeyEndpoints.install(http, "", passkeys, Realm.CUSTOMER,
                new CustomerPasskeyLogin(passkeys.relyingParty(Realm.CUSTOMER), accounts), passkeyOutcomes,
                passkeyOutcomes, contexts, false);
        return http.build();
    }
}
