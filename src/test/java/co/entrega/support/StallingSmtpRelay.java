package co.entrega.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An SMTP relay on a real socket that accepts every message, except that it stops answering a RCPT TO for one
 * address until {@link #release()}: a relay stuck on one message (greylisting, a slow content filter, a hung
 * connection). Each connection is served by its own thread, as a real relay does.
 */
public final class StallingSmtpRelay implements AutoCloseable {

    private final ServerSocket socket;
    private final String stalledAddress;
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final List<String> stalled = new CopyOnWriteArrayList<>();

    public StallingSmtpRelay(String stalledAddress) {
        this.stalledAddress = stalledAddress.toLowerCase(Locale.ROOT);
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "stalling-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Recipients of the messages accepted so far, one entry per message. */
    public List<String> accepted() {
        return List.copyOf(accepted);
    }

    /** Whether a sender is waiting on the stalled address right now (or was, before the release). */
    public boolean stallReached() {
        return !stalled.isEmpty();
    }

    /** The stalled address gets its answer, and every later one at once. */
    public void release() {
        released.countDown();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread conversation = new Thread(() -> {
                    try (client) {
                        converse(client);
                    } catch (IOException | InterruptedException dropped) {
                        // the client went away, or the relay is closing
                    }
                }, "stalling-smtp-conversation");
                conversation.setDaemon(true);
                conversation.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket client) throws IOException, InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = client.getOutputStream();
        reply(out, "220 stalling.test ESMTP");
        String recipient = null;
        for (String line; (line = in.readLine()) != null; ) {
            String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                reply(out, "250 stalling.test");
            } else if (command.startsWith("MAIL FROM")) {
                reply(out, "250 2.1.0 Ok");
            } else if (command.startsWith("RCPT TO")) {
                recipient = line.substring(line.indexOf(':') + 1).trim().replaceAll("[<>]", "").toLowerCase(Locale.ROOT);
                if (recipient.equals(stalledAddress)) {
                    stalled.add(recipient);
                    released.await(2, TimeUnit.MINUTES); // bounded: a test that forgot to release still ends
                }
                reply(out, "250 2.1.5 Ok");
            } else if (command.startsWith("DATA")) {
                reply(out, "354 End data with <CR><LF>.<CR><LF>");
                for (String data; (data = in.readLine()) != null && !data.equals("."); ) {
                    // the message itself is not kept
                }
                accepted.add(recipient);
                reply(out, "250 2.0.0 Ok: queued");
            } else if (command.startsWith("RSET") || command.startsWith("NOOP")) {
                reply(out, "250 2.0.0 Ok");
            } else if (command.startsWith("QUIT")) {
                reply(out, "221 2.0.0 Bye");
                return;
            } else {
                reply(out, "502 5.5.2 Command not recognized");
            }
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        released.countDown();
        socket.close();
    }
}
