package co.entrega.web;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Login throttling (OWASP ASVS 2.2.1, NIST SP 800-63B 5.2.2): after {@code freeFailures} failed logins in a row, a
 * username or an address is locked for {@code firstLock}, doubled at each further failure up to {@code maxLock}. With
 * the defaults an account allows at most 5 + 6 failed attempts in the first hour, far under NIST's 100.
 *
 * @param accountFreeFailures failures of one typed username before it is locked
 * @param addressFreeFailures failures from one remote address (any usernames) before it is locked
 * @param firstLock           the first lock; each further failure doubles it, up to max-lock
 * @param maxLock             the longest lock
 * @param window              failures older than this are forgotten
 */
@Validated
@ConfigurationProperties("entrega.portal.login-throttle")
public record LoginThrottleProperties(
        @Min(1) @DefaultValue("5") int accountFreeFailures,
        @Min(1) @DefaultValue("30") int addressFreeFailures,
        @DefaultValue("1m") Duration firstLock,
        @DefaultValue("30m") Duration maxLock,
        @DefaultValue("1h") Duration window) {
}
