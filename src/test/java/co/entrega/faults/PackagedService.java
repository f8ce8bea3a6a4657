package co.entrega.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The packaged service ({@code target/entrega-*.jar}) started as its own process the way docs/production.md
 * says: from a folder holding {@code config/}, {@code routes/}, {@code templates/} and
 * {@code batch-jobs/}, configured through environment variables. It can be stopped politely (SIGTERM) or killed
 * ({@code kill -9}: {@link Process#destroyForcibly()} sends SIGKILL) and started again from the same folder.
 */
final class PackagedService implements AutoCloseable {

    private static final List<String> INSTALLED_FOLDERS = List.of("config", "routes", "templates", "batch-jobs");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path home;
    private final Map<String, String> environment;
    private final int port;
    private Process process;
    private int starts;

    private PackagedService(String name, Path home, Map<String, String> environment, int port) {
        this.name = name;
        this.home = home;
        this.environment = environment;
        this.port = port;
    }

    /** Installs the jar and the four folders into {@code home} (as an operator would) and returns it, not started. */
    static PackagedService install(String name, Path home, Map<String, String> environment) throws IOException {
        Path repository = Path.of(System.getProperty("entrega.repository", ".")).toAbsolutePath();
        Path jar = Path.of(System.getProperty("entrega.jar",
                repository.resolve("target").resolve("entrega.jar").toString()));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged service at " + jar + ": run ./mvnw verify (package first)");
        }
        Files.createDirectories(home);
        Files.copy(jar, home.resolve("entrega.jar"), StandardCopyOption.REPLACE_EXISTING);
        for (String folder : INSTALLED_FOLDERS) {
            copyTree(repository.resolve(folder), home.resolve(folder));
        }
        int port = freePort();
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("SERVER_PORT", Integer.toString(port));
        env.putIfAbsent("ENTREGA_PORTAL_BASE_URL", "http://127.0.0.1:" + port);
        return new PackagedService(name, home, env, port);
    }

    /** Starts the process and waits until it says it is ready to serve. */
    PackagedService start() throws IOException {
        starts++;
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-jar", "entrega.jar")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        Process started = process;
        // A test JVM stopped early (Ctrl-C, a timeout) must not leave the service running.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log());
                }
                return ready();
            });
        } catch (RuntimeException e) {
            throw new IllegalStateException(name + " did not become ready; last lines of " + log() + ":\n"
                    + tail(60), e);
        }
        return this;
    }

    /** {@code kill -9}: no shutdown hook, no graceful stop, whatever was in flight is cut. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: Spring's graceful shutdown. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** GET /actuator/health/readiness answers 200. */
    boolean ready() {
        return status("/actuator/health/readiness") == 200;
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String name() {
        return name;
    }

    Path log() {
        return home.resolve("service.log");
    }

    /** The last lines of the service's log (all starts of it). */
    String tail(int lines) {
        try (Stream<String> all = Files.lines(log())) {
            List<String> list = all.toList();
            return String.join("\n", list.subList(Math.max(0, list.size() - lines), list.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** How many lines of the log contain {@code text}. */
    long logLines(String text) {
        try (Stream<String> all = Files.lines(log())) {
            return all.filter(line -> line.contains(text)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int starts() {
        return starts;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
