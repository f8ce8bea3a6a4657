package co.entrega.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import co.entrega.support.AuthenticatorApp;

/**
 * Two packaged instances side by side on one PostgreSQL, one SFTP inbox and one SMTP relay, as docs/production.md
 * starts them: each file is taken by one of them, each email sent by one of them, both do part of
 * the work, and a session opened on one is valid on the other (a load balancer may send any request anywhere).
 */
class TwoInstancesFaultIT {

    private static final int INVOICES = 1_000;
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    @Test
    void twoInstancesDrainOneInboxAndOneOutboxEachFileAndEmailOnce() throws Exception {
        try (FaultEnvironment env = new FaultEnvironment("two");
             PackagedService a = env.install("instance-a").start();
             // the second one logs JSON lines (Spring Boot's structured logging), as a log collector would want
             PackagedService b = env.install("instance-b",
                     java.util.Map.of("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs")).start()) {
            int files = env.dropBacklog(INVOICES, 1);

            await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1)).until(() -> env.settled(files));

            env.assertEachFileAndEmailHandledOnce(files, INVOICES, 0, 0);
            long emails = env.count("SELECT COUNT(*) FROM mail_outbox");
            long receivedByA = a.logLines("Received '");
            long receivedByB = b.logLines("Received '");
            long sentByA = a.logLines("Sent ");
            long sentByB = b.logLines("Sent ");
            System.out.printf("files taken: %d by a, %d by b; emails sent: %d by a, %d by b%n",
                    receivedByA, receivedByB, sentByA, sentByB);
            // (files are counted in the database above: a log line repeats when a step is retried)
            assertThat(sentByA + sentByB).as("emails sent, both instances").isEqualTo(emails);
            assertThat(receivedByA).as("instance a took files").isPositive();
            assertThat(receivedByB).as("instance b took files").isPositive();
            assertThat(sentByA).as("instance a sent emails").isPositive();
            assertThat(sentByB).as("instance b sent emails").isPositive();
            assertThat(b.logLines("{\"@timestamp\":")).as("JSON log lines").isGreaterThanOrEqualTo(receivedByB);
        }
    }

    @Test
    void aSessionOpenedOnOneInstanceIsValidOnTheOther() throws Exception {
        try (FaultEnvironment env = new FaultEnvironment("sessions");
             PackagedService a = env.install("instance-a").start();
             PackagedService b = env.install("instance-b").start()) {
            // One cookie jar for both: cookies do not depend on the port, as behind one load-balanced address.
            HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build();

            String loginPage = get(browser, a.baseUrl() + "/ops/login").body();
            Matcher csrf = CSRF.matcher(loginPage);
            assertThat(csrf.find()).as("login form with a CSRF token").isTrue();
            String form = "username=operador&password=" + URLEncoder.encode(FaultEnvironment.OPERATOR_PASSWORD,
                    StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
            HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(a.baseUrl() + "/ops/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(302);
            assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");

            // The second factor, enrolled on the other instance, in the same session.
            assertThat(get(browser, b.baseUrl() + "/ops").headers().firstValue("Location").orElse(""))
                    .endsWith("/ops/segundo-factor");
            String enrolment = get(browser, b.baseUrl() + "/ops/segundo-factor/inscribir").body();
            String account = "sessions/operador";
            AuthenticatorApp.scan(account, enrolment);
            Matcher enrolCsrf = CSRF.matcher(enrolment);
            assertThat(enrolCsrf.find()).isTrue();
            HttpResponse<String> enrolled = browser.send(HttpRequest.newBuilder(
                            URI.create(b.baseUrl() + "/ops/segundo-factor/inscribir"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("codigo=" + AuthenticatorApp.nextCode(account) + "&_csrf="
                            + URLEncoder.encode(enrolCsrf.group(1), StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(enrolled.body()).as("the recovery codes page").contains("id=\"codigos\"");
            assertThat(get(browser, a.baseUrl() + "/ops").statusCode()).as("the factor, on the first instance")
                    .isEqualTo(200);

            HttpResponse<String> onB = get(browser, b.baseUrl() + "/ops");
            assertThat(onB.statusCode()).as("the console on the other instance, same session").isEqualTo(200);
            assertThat(onB.body()).contains("id=\"correos-fallidos\""); // the dashboard, not the login page

            // And the session survives the instance that opened it.
            a.stop();
            assertThat(get(browser, b.baseUrl() + "/ops").statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
