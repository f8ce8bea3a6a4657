package co.entrega.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.RequiredServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server (Apache MINA SSHD) on 127.0.0.1 and a random port, serving a temporary folder, for tests of the
 * SFTP inbox. Users log in with a password or a public key registered with {@link #allowPassword} and
 * {@link #allowPublicKey}. {@link #upload} plays the ERP: it writes over SFTP under a temporary name, then renames.
 * The server counts what clients do, so a test can tell "never connected" from "connected but refused".
 */
public final class SftpTestServer implements AutoCloseable {

    /** The account {@link #upload} uses; it is not counted as a login of the client under test. */
    private static final String UPLOADER = "erp-uploader";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Path root;
    private final SimpleGeneratorHostKeyProvider hostKeys;
    private final PublicKey hostKey;
    private volatile SshServer server;
    private final String uploaderPassword = UUID.randomUUID().toString();
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, Set<PublicKey>> publicKeys = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> events = new ConcurrentHashMap<>();

    private SftpTestServer(Path root, SimpleGeneratorHostKeyProvider hostKeys, PublicKey hostKey) {
        this.root = root;
        this.hostKeys = hostKeys;
        this.hostKey = hostKey;
    }

    /** Starts a server whose root holds an empty {@code outbox} folder, with a new EC host key. */
    public static SftpTestServer start() throws IOException {
        Path root = Files.createTempDirectory("entrega-sftp-root-");
        Files.createDirectories(root.resolve("outbox"));
        // ECDSA: generated in milliseconds (RSA takes far longer) and in JSch's default server_host_key list.
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(
                Files.createTempDirectory("entrega-sftp-hostkey-").resolve("host.key"));
        hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        hostKeys.setKeySize(256);
        PublicKey hostKey = hostKeys.loadKeys(null).get(0).getPublic();
        SftpTestServer test = new SftpTestServer(root, hostKeys, hostKey);
        test.listen(0);
        return test;
    }

    /** A new SSH server (MINA's cannot be started twice) on this root, host key and port (0: any free one). */
    private void listen(int port) throws IOException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(port);
        // As OpenSSH does: without it, Nagle's algorithm holds small SFTP replies back ~40 ms each
        org.apache.sshd.core.CoreModuleProperties.TCP_NODELAY.set(sshd, true);
        sshd.setKeyPairProvider(hostKeys);
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setPasswordAuthenticator((user, password, session) -> checkPassword(user, password));
        sshd.setPublickeyAuthenticator((user, key, session) -> checkPublicKey(user, key));
        sshd.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                count("sessions");
            }
        });
        sshd.start();
        server = sshd;
    }

    public SftpTestServer allowPassword(String user, String password) {
        passwords.put(user, password);
        return this;
    }

    public SftpTestServer allowPublicKey(String user, PublicKey key) {
        publicKeys.computeIfAbsent(user, u -> new CopyOnWriteArraySet<>()).add(key);
        return this;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.getPort();
    }

    /** The folder the server serves as {@code /}. */
    public Path root() {
        return root;
    }

    public PublicKey hostKey() {
        return hostKey;
    }

    /** This server's known_hosts line: OpenSSH writes a non-22 port as {@code [host]:port}. */
    public String knownHostsLine() {
        return knownHostsLine(hostKey);
    }

    /** A known_hosts line that claims this server's address has {@code key}: an impostor when it is not ours. */
    public String knownHostsLine(PublicKey key) {
        return "[" + host() + "]:" + port() + " " + PublicKeyEntry.toString(key);
    }

    /** Writes a known_hosts file holding the given lines and returns it. */
    public static Path writeKnownHosts(Path file, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.US_ASCII);
    }

    /** A new client key pair, its private key written to {@code file} in the OpenSSH format JSch reads. */
    public static KeyPair newClientKey(Path file) throws IOException {
        try {
            KeyPair pair = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "entrega-test", null, out);
            }
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a client key", e);
        }
    }

    /**
     * Uploads over SFTP the way a careful ERP does: written as {@code name.part} (Entrega excludes that suffix), then
     * renamed, so the inbox never lists a half-written file under its real name.
     */
    public void upload(String folder, String name, byte[] content) throws IOException {
        count("uploads"); // one session each, left out of sessions()
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(new RequiredServerKeyVerifier(hostKey));
            client.start();
            try (ClientSession session = client.connect(UPLOADER, host(), port()).verify(TIMEOUT).getSession()) {
                session.addPasswordIdentity(uploaderPassword);
                session.auth().verify(TIMEOUT);
                try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
                    String target = "/" + folder + "/" + name;
                    try (OutputStream out = sftp.write(target + ".part")) {
                        out.write(content);
                    }
                    sftp.rename(target + ".part", target);
                }
            }
        }
    }

    /** Regular, visible files directly in {@code folder}: what is still waiting to be taken. */
    public List<String> pending(String folder) {
        return list(root.resolve(folder), 1);
    }

    /** Files anywhere under {@code folder/.done}, as paths relative to that folder. */
    public List<String> done(String folder) {
        Path done = root.resolve(folder).resolve(".done");
        return Files.isDirectory(done) ? list(done, Integer.MAX_VALUE).stream().map(p -> ".done/" + p).toList()
                : List.of();
    }

    /** SSH sessions opened by clients other than {@link #upload}, authenticated or not: who reached the server. */
    public int sessions() {
        return counter("sessions") - counter("uploads");
    }

    /** Authentication attempts by {@code user} with {@code method} ("password" or "publickey"), failed or not. */
    public int attempts(String user, String method) {
        return counter(user + "/" + method + "/attempt");
    }

    /** Successful logins of {@code user} with {@code method}. */
    public int logins(String user, String method) {
        return counter(user + "/" + method + "/ok");
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** An outage: the server stops listening (its files stay); {@link #resume} brings it back on the same port. */
    public void pause() throws IOException {
        server.stop(true);
    }

    /** Back from {@link #pause}: same port, same host key, same files. */
    public void resume() throws IOException {
        listen(server.getPort());
    }

    private boolean checkPassword(String user, String password) {
        if (UPLOADER.equals(user)) {
            return uploaderPassword.equals(password);
        }
        count(user + "/password/attempt");
        boolean ok = password != null && password.equals(passwords.get(user));
        if (ok) {
            count(user + "/password/ok");
        }
        return ok;
    }

    private boolean checkPublicKey(String user, PublicKey key) {
        count(user + "/publickey/attempt");
        boolean ok = publicKeys.getOrDefault(user, Set.of()).stream().anyMatch(k -> KeyUtils.compareKeys(k, key));
        if (ok) {
            count(user + "/publickey/ok");
        }
        return ok;
    }

    private void count(String event) {
        events.computeIfAbsent(event, e -> new AtomicInteger()).incrementAndGet();
    }

    private int counter(String event) {
        AtomicInteger value = events.get(event);
        return value == null ? 0 : value.get();
    }

    /** The files under {@code dir}; a listing that races with a file being moved away is simply taken again. */
    private static List<String> list(Path dir, int depth) {
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> files = Files.walk(dir, depth)) {
                return files.filter(Files::isRegularFile)
                        .filter(p -> depth > 1 || !p.getFileName().toString().startsWith("."))
                        .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                        .sorted()
                        .toList();
            } catch (UncheckedIOException vanished) {
                if (!(vanished.getCause() instanceof java.nio.file.NoSuchFileException) || attempt == 10) {
                    throw vanished;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
