package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A relay that goes down in the middle of a conversation (OutagesFaultIT stops the SMTP server while 8 senders are
 * talking to it) closes the connection without a reply. Angus Mail then reports "[EOF]" with no reply code and no
 * cause; that email was recorded as FAILED for good, though the next attempt, once the relay is back, delivers it.
 * Each case drops the connection after a different command, over a real socket, with the real mail client.
 */
class RelayDroppingConnectionTest {

    @ParameterizedTest(name = "connection dropped after {0}")
    @ValueSource(strings = {"EHLO", "MAIL", "RCPT", "DATA", "."})
    void aConnectionDroppedWithoutAReplyIsTransient(String dropAfter) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> relay = CompletableFuture.runAsync(() -> answerUntil(server, dropAfter));

            Throwable failure = catchThrowable(() -> send(server.getLocalPort()));
            relay.join();

            assertThat(failure).as("the send fails").isNotNull();
            assertThat(DeliveryFailures.isTransient(failure))
                    .as("dropped after %s: %s", dropAfter, DeliveryFailures.describe(failure)).isTrue();
        }
    }

    /** Speaks just enough SMTP, then closes the connection instead of answering the command {@code dropAfter}. */
    private static void answerUntil(ServerSocket server, String dropAfter) {
        try (Socket client = server.accept();
             BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                     StandardCharsets.US_ASCII));
             OutputStream out = client.getOutputStream()) {
            reply(out, "220 relay ready");
            boolean inData = false;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (inData) {
                    if (!line.equals(".")) {
                        continue;
                    }
                    inData = false;
                }
                String command = line.equals(".") ? "." : line.split("[ :]")[0].toUpperCase();
                if (command.equals(dropAfter)) {
                    return;
                }
                switch (command) {
                    case "EHLO" -> reply(out, "250 relay");
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        inData = true;
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 ok");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void send(int port) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(port));
        properties.put("mail.smtp.connectiontimeout", "5000");
        properties.put("mail.smtp.timeout", "5000");
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("facturacion@intertec.example"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("cliente@example.co"));
        message.setSubject("Factura electrónica");
        message.setText("Su factura está disponible.");
        Transport.send(message);
    }
}
