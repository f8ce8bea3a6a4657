package co.entrega.support;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import co.entrega.support.PortalClient.Page;

/**
 * An operator's whole login to the console over HTTP: password, then the second factor, enrolling the authenticator
 * app at the first login (as an operator does) and typing its code at the later ones.
 */
public final class OperatorLogin {

    private static final Pattern RECOVERY_CODE = Pattern.compile("<li><code>([0-9a-z]{5}-[0-9a-z]{5})</code></li>");

    private OperatorLogin() {
    }

    /** What the login ended on: the page after the second factor, and the recovery codes if it was an enrolment. */
    public record Result(Page page, List<String> recoveryCodes) {
    }

    /** Logs in and returns the client, past the second factor. */
    public static PortalClient logIn(int port, String username, String password) throws IOException, InterruptedException {
        PortalClient client = new PortalClient(port);
        Result result = logIn(client, port, username, password);
        if (result.page().status() != 302 && result.recoveryCodes().isEmpty()) {
            throw new AssertionError("login of " + username + " did not pass the second factor: " + result.page().body());
        }
        return client;
    }

    public static Result logIn(PortalClient client, int port, String username, String password)
            throws IOException, InterruptedException {
        client.get("/ops/login");
        Page afterPassword = client.post("/ops/login", Map.of("username", username, "password", password));
        if (afterPassword.status() != 302 || afterPassword.location().startsWith("/ops/login")) {
            throw new AssertionError("password refused for " + username + ": " + afterPassword.location());
        }
        return secondFactor(client, port, username, client.follow(afterPassword));
    }

    /** On the second factor's page (enrolment or code): gives it. */
    public static Result secondFactor(PortalClient client, int port, String username, Page page)
            throws IOException, InterruptedException {
        String account = account(port, username);
        if (page.body().contains("id=\"clave\"")) {
            AuthenticatorApp.scan(account, page.body());
            Page codes = client.post("/ops/segundo-factor/inscribir", Map.of("codigo", AuthenticatorApp.nextCode(account)));
            return new Result(codes, recoveryCodes(codes.body()));
        }
        if (!page.body().contains("id=\"verificar\"")) {
            throw new AssertionError("not a second factor's page: " + page.body());
        }
        return new Result(client.post("/ops/segundo-factor", Map.of("codigo", AuthenticatorApp.nextCode(account))),
                List.of());
    }

    /**
     * In a real browser, on the page after the password: enrols the app (scanning the key off the page, typing the
     * code, going on past the recovery codes) or types its code, with the keyboard.
     *
     * @return the recovery codes shown, if this was the enrolment
     */
    public static List<String> secondFactorInBrowser(org.openqa.selenium.WebDriver browser, int port, String username) {
        String account = account(port, username);
        org.openqa.selenium.By code = org.openqa.selenium.By.id("codigo");
        if (!browser.findElements(org.openqa.selenium.By.id("clave")).isEmpty()) {
            AuthenticatorApp.scan(account, browser.getPageSource());
            browser.findElement(code).sendKeys(AuthenticatorApp.nextCode(account), org.openqa.selenium.Keys.ENTER);
            List<String> codes = recoveryCodes(browser.getPageSource());
            browser.findElement(org.openqa.selenium.By.id("continuar")).click();
            return codes;
        }
        browser.findElement(code).sendKeys(AuthenticatorApp.nextCode(account), org.openqa.selenium.Keys.ENTER);
        return List.of();
    }

    /** The authenticator app's account name for this operator of the service on this port. */
    public static String account(int port, String username) {
        return port + "/" + username;
    }

    public static List<String> recoveryCodes(String page) {
        Matcher m = RECOVERY_CODE.matcher(page);
        List<String> codes = new java.util.ArrayList<>();
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }
}
