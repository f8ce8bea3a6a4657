package co.entrega.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.MessageIDTerm;

import org.eclipse.angus.mail.iap.Literal;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.Assumptions;

/**
 * A real IMAP server for a test: Debian's Dovecot ({@code apt-get install dovecot-imapd}; {@code .ci/run} installs it),
 * started as a child process with its own configuration file (nothing in /etc is read or changed), on 127.0.0.1 and a
 * free port, plaintext login allowed (loopback only, no TLS), a passwd-file per user and their mail in Maildir, all
 * under {@code target/dovecot-*}. {@link #close()} stops it.
 *
 * <p>As a developer, Dovecot runs entirely as the current user (its "rootless" setup). As root (CI), Dovecot refuses
 * to run its login processes or touch mail as root, so it uses the {@code dovecot} and {@code dovenull} users the
 * package creates and reads and writes mail as {@code nobody}. Without Dovecot, {@link #start()} skips the test on a
 * developer machine and fails it on CI (where {@code CI} is set).
 */
public final class DovecotImap implements AutoCloseable {

    public record Account(String user, String password) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** A Unix socket path has at most 107 bytes; Dovecot's longest socket name under base_dir is 24. */
    private static final int MAX_ROOT_LENGTH = 70;

    private final Path root;
    private final int port;
    private final Process process;
    private final Thread stopOnExit;
    private final Map<String, Account> accounts = new LinkedHashMap<>();

    private DovecotImap(Path root, int port, Process process) {
        this.root = root;
        this.port = port;
        this.process = process;
        this.stopOnExit = new Thread(process::destroy, "dovecot-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    public static boolean installed() {
        return new File(binary()).canExecute() && new File("/usr/lib/dovecot/imap").canExecute();
    }

    /** Starts Dovecot with no users yet ({@link #user} adds them, also while it runs). */
    public static DovecotImap start() throws IOException {
        if (!installed()) {
            String why = "Debian's dovecot-imapd is not installed (.ci/run installs it: apt-get install dovecot-imapd)";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
        Path root = newRoot();
        RunAs runAs = RunAs.of(root);
        for (String folder : List.of("run", "state", "mail", "passwd.d")) {
            Files.createDirectories(root.resolve(folder));
        }
        runAs.ownMail(root.resolve("mail"));
        // A free port may be taken before Dovecot binds it (the machine is shared): try another.
        for (int attempt = 1; ; attempt++) {
            int port = TestSmtp.freePort();
            Path config = Files.writeString(root.resolve("dovecot.conf"), config(root, port, runAs));
            Process process = new ProcessBuilder(binary(), "-F", "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(root.resolve("dovecot.out").toFile())
                    .start();
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || accepts(port));
            if (process.isAlive()) {
                return new DovecotImap(root, port, process);
            }
            String output = Files.readString(root.resolve("dovecot.out")) + read(root.resolve("dovecot.log"));
            if (attempt == 3 || !output.contains("Address already in use")) {
                throw new IllegalStateException("Dovecot exited with " + process.exitValue() + ":\n" + output);
            }
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** The user with this name, created (with a random password) the first time. */
    public synchronized Account user(String name) throws IOException {
        Account existing = accounts.get(name);
        if (existing != null) {
            return existing;
        }
        if (!name.matches("[a-z0-9._-]+")) {
            throw new IllegalArgumentException("A user name here is lower-case letters, digits, '.', '_', '-': " + name);
        }
        Account account = new Account(name, UUID.randomUUID().toString());
        // One passwd-file per user: Dovecot stats a passwd-file at most once a second, so a user added to a shared
        // file right after a login could stay unknown for that second; a new user's file is read when first used.
        Path next = Files.writeString(root.resolve("passwd.d/." + name),
                name + ":{PLAIN}" + account.password() + "::::::\n");
        Files.move(next, root.resolve("passwd.d/" + name), StandardCopyOption.ATOMIC_MOVE);
        accounts.put(name, account);
        return account;
    }

    /** A store logged in as this account; the caller closes it. */
    public Store connect(Account account) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.imap.connectiontimeout", String.valueOf(TIMEOUT.toMillis()));
        properties.put("mail.imap.timeout", String.valueOf(TIMEOUT.toMillis()));
        Store store = Session.getInstance(properties).getStore("imap");
        store.connect(host(), port, account.user(), account.password());
        return store;
    }

    /**
     * Puts a message into the user's INBOX with IMAP APPEND, its bytes exactly as given (RFC 822, CRLF line ends), not
     * reparsed and rewritten by Jakarta Mail. Returns its UID.
     */
    public long append(String user, byte[] rfc822) throws IOException, MessagingException {
        try (Store store = connect(user(user))) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            Literal literal = new Literal() {
                @Override
                public int size() {
                    return rfc822.length;
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    out.write(rfc822);
                }
            };
            AppendUID uid = (AppendUID) inbox.doCommand(protocol -> protocol.appenduid("INBOX", new Flags(), null,
                    literal));
            return uid.uid;
        }
    }

    /** The flags of the user's INBOX message with this Message-ID (e.g. to see it was marked \Seen). */
    public Flags flags(String user, String messageId) throws IOException, MessagingException {
        try (Store store = connect(user(user))) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                Message[] found = inbox.search(new MessageIDTerm(messageId));
                if (found.length != 1) {
                    throw new IllegalStateException(found.length + " messages in " + user + "'s INBOX have Message-ID "
                            + messageId);
                }
                return found[0].getFlags();
            } finally {
                inbox.close(false);
            }
        }
    }

    /** Dovecot's log (logins, errors), for a failing test to show. */
    public Path log() {
        return root.resolve("dovecot.log");
    }

    /** Stops Dovecot: SIGTERM, which stops its children too; SIGKILL to whatever is left after the timeout. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
    }

    private static String config(Path root, int port, RunAs runAs) {
        return """
                # Written by co.entrega.support.DovecotImap for one test; nothing in /etc/dovecot is read.
                protocols = imap
                listen = 127.0.0.1
                base_dir = %1$s/run
                state_dir = %1$s/state
                log_path = %1$s/dovecot.log
                # Plaintext login over loopback only: a test server, no TLS.
                ssl = no
                disable_plaintext_auth = no
                auth_mechanisms = plain login
                # Tests log in with wrong passwords on purpose: no delay before the refusal, and no growing delay per
                # client address either (anvil's auth penalty, off without its socket).
                auth_failure_delay = 0
                default_internal_user = %3$s
                default_internal_group = %4$s
                default_login_user = %5$s
                mail_location = maildir:~/Maildir
                passdb {
                  driver = passwd-file
                  args = scheme=PLAIN username_format=%%u %1$s/passwd.d/%%u
                }
                userdb {
                  driver = static
                  args = uid=%6$s gid=%7$s home=%1$s/mail/%%u
                }
                # No chroot: it needs root, and a developer runs Dovecot as themselves.
                service imap-login {
                  chroot =
                  inet_listener imap {
                    address = 127.0.0.1
                    port = %2$d
                  }
                  inet_listener imaps {
                    port = 0
                  }
                }
                service anvil {
                  chroot =
                  unix_listener anvil-auth-penalty {
                    mode = 0
                  }
                }
                """.formatted(root, port, runAs.internalUser(), runAs.internalGroup(), runAs.loginUser(),
                runAs.mailUid(), runAs.mailGid());
    }

    /**
     * Users Dovecot runs as. As root, the package's {@code dovecot} (internal processes) and {@code dovenull} (login
     * processes), and {@code nobody} for mail: Dovecot refuses root for the last two.
     */
    private record RunAs(String internalUser, String internalGroup, String loginUser, String mailUid, String mailGid,
            boolean root) {

        static RunAs of(Path root) throws IOException {
            PosixFileAttributes self = Files.readAttributes(root, PosixFileAttributes.class);
            int uid = (Integer) Files.getAttribute(root, "unix:uid");
            if (uid != 0) {
                int gid = (Integer) Files.getAttribute(root, "unix:gid");
                return new RunAs(self.owner().getName(), self.group().getName(), self.owner().getName(),
                        String.valueOf(uid), String.valueOf(gid), false);
            }
            UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
            try {
                users.lookupPrincipalByName("dovecot");
                users.lookupPrincipalByName("dovenull");
                users.lookupPrincipalByName("nobody");
                users.lookupPrincipalByGroupName("nogroup");
            } catch (UserPrincipalNotFoundException e) {
                throw new IllegalStateException("Dovecot runs as root only with the users dovecot, dovenull, nobody and"
                        + " the group nogroup (the dovecot-core package creates the first two); missing: "
                        + e.getName(), e);
            }
            return new RunAs("dovecot", "dovecot", "dovenull", "nobody", "nogroup", true);
        }

        /** As root, the mail folder belongs to the mail user, who creates each user's Maildir in it. */
        void ownMail(Path mail) throws IOException {
            if (root) {
                UserPrincipalLookupService users = mail.getFileSystem().getUserPrincipalLookupService();
                PosixFileAttributeView view = Files.getFileAttributeView(mail, PosixFileAttributeView.class);
                view.setOwner(users.lookupPrincipalByName(mailUid));
                view.setGroup(users.lookupPrincipalByGroupName(mailGid));
            }
        }
    }

    /**
     * {@code target/dovecot-*}. A folder in the system's temporary directory instead where that cannot work: a path
     * too long for Unix sockets or with a space (Dovecot's passwd-file arguments are space-separated), or, as root, a
     * checkout Dovecot's other users cannot reach.
     */
    private static Path newRoot() throws IOException {
        Path target = Files.createDirectories(Path.of("target")).toAbsolutePath();
        Path root = Files.createTempDirectory(target, "dovecot-");
        boolean asRoot = (Integer) Files.getAttribute(root, "unix:uid") == 0;
        if (root.toString().length() > MAX_ROOT_LENGTH || root.toString().contains(" ")
                || asRoot && !reachable(target)) {
            Files.delete(root);
            root = Files.createTempDirectory("entrega-dovecot-");
        }
        // createTempDirectory makes it rwx------; Dovecot's own users must get in.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        return root.toRealPath();
    }

    /** Whether every folder down to this one lets other users through. */
    private static boolean reachable(Path folder) throws IOException {
        for (Path each = folder; each != null; each = each.getParent()) {
            if (!Files.getPosixFilePermissions(each).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String binary() {
        return System.getProperty("entrega.test.dovecot", "/usr/sbin/dovecot");
    }
}
