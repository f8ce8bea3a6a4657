package co.entrega.operations;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import co.entrega.factors.PasskeyEndpoints;
import co.entrega.factors.Passkeys;
import co.entrega.factors.Realm;
import co.entrega.factors.RecoveryCodes;
import co.entrega.factors.TotpAuthenticators;
import co.entrega.web.LoginThrottle;
import co.entrega.web.SecurityHeaders;

/**
 * The console under /ops: its own login page and accounts (role OPERATOR), a second factor after the password
 * ({@link ConsoleFactors}), the same session store, CSRF, headers and login throttling as the portal. The security
 * context is shared with the portal, so a customer who opens /ops is refused (403) and an operator has no customer
 * pages.
 */
@Configuration(proxyBeanMethods = false)
class OperationsSecurityConfiguration {

    /**
     * An email's HTML as the customer received it, shown in a frame of the console: it needs its inline styles and
     * must be framable by the console (and only by it). No script, no form, nothing else is allowed in it.
     */
    @Bean
    @Order(-1)
    SecurityFilterChain sentEmailHtmlSecurity(HttpSecurity http, SecurityContextRepository contexts, ConsoleClock clock)
            throws Exception {
        http.securityMatcher("/ops/correos/*/html")
                .securityContext(context -> context.securityContextRepository(contexts))
                .authorizeHttpRequests(auth -> auth.anyRequest()
                        .access(ConsoleFactors.operatorWithSecondFactor(null, clock.clock())))
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; style-src 'unsafe-inline'; "
                                + "img-src https: data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"))
                        .frameOptions(HeadersConfigurer.FrameOptionsConfig::sameOrigin)
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    @Bean
    @Order(0)
    SecurityFilterChain operationsSecurity(HttpSecurity http, OperatorAccounts operators, PasswordEncoder encoder,
                                           LoginThrottle throttle, SecurityContextRepository contexts,
                                           ConsoleClock clock, Passkeys passkeys, TotpAuthenticators authenticators,
                                           RecoveryCodes recoveryCodes)
            throws Exception {
        AuthenticationManager manager = new ProviderManager(new OperatorAuthenticationProvider(operators, encoder, throttle));
        AuthenticationEntryPoint secondFactor = new SecondFactorEntryPoint();
        http.securityMatcher("/ops", "/ops/**")
                .authenticationManager(manager)
                .securityContext(context -> context.securityContextRepository(contexts))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/ops/login").permitAll()
                        // A new passkey: with the password alone only as the first second factor.
                        .requestMatchers(HttpMethod.POST, ConsoleFactors.PASSKEYS + "/webauthn/register")
                        .access(ConsoleFactors.enrolment(authenticators, passkeys, clock.clock()))
                        // The password alone opens only the second factor's pages (enrolment included).
                        .requestMatchers("/ops/segundo-factor", "/ops/segundo-factor/**").hasRole("OPERATOR")
                        // What could take over a customer's account asks again for a second factor given in the
                        // last 15 minutes: new credentials, another address, a resend.
                        .requestMatchers(HttpMethod.POST, ConsoleFactors.STEP_UP_ACTIONS)
                        .access(ConsoleFactors.operatorWithSecondFactor(ConsoleFactors.STEP_UP, clock.clock()))
                        .anyRequest().access(ConsoleFactors.operatorWithSecondFactor(null, clock.clock())))
                .exceptionHandling(exceptions -> {
                    for (String factor : ConsoleFactors.SECOND_FACTORS) {
                        exceptions.defaultDeniedHandlerForMissingAuthority(secondFactor, factor);
                    }
                })
                .formLogin(form -> form
                        .loginPage("/ops/login")
                        .loginProcessingUrl("/ops/login")
                        .defaultSuccessUrl("/ops", false)
                        .failureHandler(OperationsSecurityConfiguration::loginFailed)
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/ops/logout").logoutSuccessUrl("/ops/login?salida"))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(SecurityHeaders::strict)
                .addFilterBefore(new OperatorSessionFilter(operators),
                        AnonymousAuthenticationFilter.class);
        OperatorPasskeyOutcomes passkeyOutcomes = new OperatorPasskeyOutcomes(recoveryCodes);
        PasskeyEndpoints.install(http, ConsoleFactors.PASSKEYS, passkeys, Realm.OPERATOR,
                new OperatorPasskeyFactor(passkeys.relyingParty(Realm.OPERATOR)), passkeyOutcomes, passkeyOutcomes,
                contexts, true);
        return http.build();
    }

    private static void loginFailed(HttpServletRequest request, HttpServletResponse response,
                                    AuthenticationException failure) throws IOException {
        boolean throttled = failure instanceof OperatorAuthenticationProvider.Throttled;
        response.sendRedirect(request.getContextPath() + "/ops/login" + (throttled ? "?bloqueo" : "?error"));
    }

    /** Username and password of an operator, throttled like a customer's login (the key is prefixed "ops:"). */
    static final class OperatorAuthenticationProvider extends DaoAuthenticationProvider {

        private final LoginThrottle throttle;

        OperatorAuthenticationProvider(OperatorAccounts operators, PasswordEncoder encoder, LoginThrottle throttle) {
            super(username -> operators.find(username).map(OperatorUser::new)
                    .orElseThrow(() -> new UsernameNotFoundException("no such operator")));
            setPasswordEncoder(encoder);
            setPreAuthenticationChecks(user -> {
            });
            this.throttle = throttle;
        }

        @Override
        public Authentication authenticate(Authentication authentication) throws AuthenticationException {
            String address = authentication.getDetails() instanceof org.springframework.security.web.authentication
                    .WebAuthenticationDetails details ? details.getRemoteAddress() : null;
            String key = "ops:" + authentication.getName();
            if (!throttle.admit(key, address)) {
                throw new Throttled();
            }
            Authentication result = super.authenticate(authentication);
            throttle.succeeded(key, address);
            return result;
        }

        @Override
        protected void additionalAuthenticationChecks(UserDetails user, UsernamePasswordAuthenticationToken token) {
            super.additionalAuthenticationChecks(user, token);
            if (!user.isAccountNonLocked()) {
                throw new BadCredentialsException("operator locked");
            }
        }

        static final class Throttled extends AuthenticationException {
            Throttled() {
                super("too many failed logins");
            }
        }
    }
}
