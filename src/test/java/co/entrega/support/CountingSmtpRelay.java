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
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP relay on a real socket that accepts every message (keeping only its recipient and Message-ID) and counts
 * the connections it was opened with. Optionally it answers each command only after a delay (a slow relay, far
 * away or busy), closes the connection right after accepting its k-th message (as many relays do after ~100), or
 * answers RCPT TO for one address with a chosen reply. Each connection is served by its own thread.
 */
public final class CountingSmtpRelay implements AutoCloseable {

    /** A message the relay accepted: its recipient, its Message-ID, and the connection (1, 2, …) it came on. */
    public record Accepted(String recipient, String messageId, int connection) {
    }

    private final ServerSocket socket;
    private final Duration commandDelay;
    private final int closeAfterMessages;
    private final Map<String, String> rcptReplies = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger messagesSeen = new AtomicInteger();
    private volatile int dropAtEndOfData;
    private volatile boolean stopReadingAtData;
    private final List<Accepted> accepted = new CopyOnWriteArrayList<>();

    /**
     * @param commandDelay       how long each command waits for its reply (zero: at once)
     * @param closeAfterMessages the relay closes the connection after accepting this many messages on it (0: never)
     */
    public CountingSmtpRelay(Duration commandDelay, int closeAfterMessages) {
        this.commandDelay = commandDelay;
        this.closeAfterMessages = closeAfterMessages;
        try {
            socket = new ServerSocket();
            socket.setReceiveBufferSize(8192); // small, so that a relay that stops reading stops the client soon
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "counting-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public CountingSmtpRelay() {
        this(Duration.ZERO, 0);
    }

    /** RCPT TO for this address gets this reply (e.g. {@code 451 4.3.0 Try again later}) instead of 250. */
    public CountingSmtpRelay answerRcpt(String address, String reply) {
        rcptReplies.put(address.toLowerCase(Locale.ROOT), reply);
        return this;
    }

    /**
     * The {@code nth} message (1, 2, … over all connections) is accepted, but the connection is closed before the
     * relay says so: the client cannot know whether it arrived.
     */
    public CountingSmtpRelay dropAtEndOfData(int nth) {
        dropAtEndOfData = nth;
        return this;
    }

    /** After its 354 to DATA the relay reads nothing more (a stalled relay): the client's writes block. */
    public CountingSmtpRelay stopReadingAtData() {
        stopReadingAtData = true;
        return this;
    }

    /** Connections open right now (the client has not closed them, nor the relay). */
    public int openConnections() {
        return open.get();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Connections opened to this relay so far. */
    public int connections() {
        return connections.get();
    }

    public List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    public void clear() {
        accepted.clear();
        connections.set(0);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                int connection = connections.incrementAndGet();
                open.incrementAndGet();
                Thread conversation = new Thread(() -> {
                    try (client) {
                        converse(client, connection);
                    } catch (IOException | InterruptedException dropped) {
                        // the client went away, or the relay is closing
                    } finally {
                        open.decrementAndGet();
                    }
                }, "counting-smtp-" + connection);
                conversation.setDaemon(true);
                conversation.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket client, int connection) throws IOException, InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.ISO_8859_1));
        OutputStream out = client.getOutputStream();
        reply(out, "220 counting.test ESMTP");
        String recipient = null;
        int messages = 0;
        for (String line; (line = in.readLine()) != null; ) {
            String command = line.toUpperCase(Locale.ROOT);
            if (!commandDelay.isZero()) {
                Thread.sleep(commandDelay.toMillis());
            }
            if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                reply(out, "250 counting.test");
            } else if (command.startsWith("MAIL FROM")) {
                recipient = null;
                reply(out, "250 2.1.0 Ok");
            } else if (command.startsWith("RCPT TO")) {
                String address = line.substring(line.indexOf(':') + 1).trim().replaceAll("[<>]", "")
                        .toLowerCase(Locale.ROOT);
                String scripted = rcptReplies.get(address);
                if (scripted == null) {
                    recipient = address;
                }
                reply(out, scripted != null ? scripted : "250 2.1.5 Ok");
            } else if (command.startsWith("DATA")) {
                if (recipient == null) {
                    reply(out, "554 5.5.1 No valid recipients");
                    continue;
                }
                reply(out, "354 End data with <CR><LF>.<CR><LF>");
                if (stopReadingAtData) {
                    while (!socket.isClosed() && !client.isClosed()) {
                        Thread.sleep(50); // a test relay standing still, until it is closed
                    }
                    return;
                }
                String messageId = null;
                boolean headers = true;
                for (String data; (data = in.readLine()) != null && !data.equals("."); ) {
                    if (headers && data.isEmpty()) {
                        headers = false;
                    } else if (headers && data.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                        messageId = data.substring(11).trim();
                    }
                }
                if (!commandDelay.isZero()) {
                    Thread.sleep(commandDelay.toMillis()); // the end of data is a command too
                }
                accepted.add(new Accepted(recipient, messageId, connection));
                if (messagesSeen.incrementAndGet() == dropAtEndOfData) {
                    return; // accepted, but the client never hears it
                }
                reply(out, "250 2.0.0 Ok: queued");
                recipient = null;
                if (closeAfterMessages > 0 && ++messages >= closeAfterMessages) {
                    return; // closed without a word, as a relay that counts messages per connection does
                }
            } else if (command.startsWith("RSET") || command.startsWith("NOOP")) {
                recipient = command.startsWith("RSET") ? null : recipient;
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
        socket.close();
    }
}
