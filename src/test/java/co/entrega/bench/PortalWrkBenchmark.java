package co.entrega.bench;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The portal under {@code wrk}: {@code invoices} invoices of {@code customers} customers, {@code connections}
 * customers logged in through the form, each wrk connection sending one customer's SESSION cookie; the invoices page,
 * a date search and the stylesheet, each warmed up then measured; then the floor ({@link PortalFloorServer}: the JDK
 * HTTP server, the same queries over plain JDBC on the service's own pool, the same page built in a loop) on the same
 * database, with the same wrk. Prints requests/s, p50 and p99 (wrk's {@code --latency} output) and Entrega / floor.
 * With {@code -Dbench.jfr=<file>} the Entrega runs are recorded with Java Flight Recorder and the hottest methods
 * printed. Run with {@code bench/portal-wrk.sh [h2|postgres] [invoices] [customers] [seconds] [connections]}.
 */
public final class PortalWrkBenchmark {

    /** A year of issue dates: a full first page and a count over about a third of the customer's invoices. */
    static final String SEARCH = "/facturas?desde=2025-01-01&hasta=2025-12-31";

    record Target(String path, String marker) {
    }

    /** One wrk run; {@code cpuMsPerRequest}: CPU of this JVM (service or floor, not wrk) per request answered. */
    record Wrk(double requestsPerSecond, double p50, double p99, long requests, long bytes, long errors,
               double cpuMsPerRequest) {
        double bytesPerRequest() {
            return requests == 0 ? 0 : bytes / (double) requests;
        }
    }

    public static void main(String[] args) throws Exception {
        String database = args.length > 0 ? args[0] : "h2";
        int invoices = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int customers = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        int threads = 2;
        int sessions = Math.min(connections, customers);
        List<Target> targets = List.of(new Target("/facturas", "DESCARGAS PENDIENTES"),
                new Target(SEARCH, "DESCARGAS PENDIENTES"), new Target("/css/portal.css", "font-family"));
        Path dir = Files.createTempDirectory("entrega-portal-wrk-");
        Map<String, Wrk> entrega = new LinkedHashMap<>();
        Map<String, Wrk> floor = new LinkedHashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        Map<String, Integer> floorSizes = new HashMap<>();
        // -Dbench.tomcat.threads=N tries a smaller Tomcat pool (bench/README.md, "Issue 13")
        int tomcatThreads = Integer.getInteger("bench.tomcat.threads", Math.max(200, connections * 2));
        try (InProcessService service = InProcessService.start(database, dir, 200,
                "--server.tomcat.threads.max=" + tomcatThreads,
                "--server.tomcat.threads.min-spare=" + Math.min(10, tomcatThreads),
                "--spring.datasource.hikari.maximum-pool-size=" + Math.max(10, connections / 2))) {
            long seedStart = System.nanoTime();
            List<Long> customerIds = PortalLoadBenchmark.seed(service.bean(JdbcTemplate.class),
                    service.bean(PasswordEncoder.class), invoices, customers);
            System.out.printf(Locale.ROOT, "Seeded %,d invoices of %,d customers in %.0f s%n", invoices, customers,
                    (System.nanoTime() - seedStart) / 1e9);

            Map<String, Long> customerBySession = new HashMap<>();
            List<String> cookies = new ArrayList<>();
            HttpClient first = null;
            for (int i = 0; i < sessions; i++) {
                CookieManager jar = new CookieManager();
                HttpClient client = HttpClient.newBuilder().cookieHandler(jar)
                        .followRedirects(HttpClient.Redirect.NEVER).build();
                service.login(client, PortalLoadBenchmark.username(i), PortalLoadBenchmark.PASSWORD);
                String session = jar.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("SESSION"))
                        .map(HttpCookie::getValue).findFirst().orElseThrow();
                cookies.add("SESSION=" + session);
                customerBySession.put(session, customerIds.get(i));
                if (first == null) {
                    first = client;
                }
            }
            for (Target target : targets) {
                sizes.put(target.path(), fetch(first, service.uri(target.path()), target.marker()).length);
            }
            Path script = dir.resolve("sessions.lua");
            Files.writeString(script, luaScript(cookies, threads));

            Recording recording = null;
            String jfr = System.getProperty("bench.jfr");
            if (jfr != null) {
                recording = new Recording(Configuration.getConfiguration("profile"));
                recording.setToDisk(true);
            }
            for (Target target : targets) {
                String url = "http://127.0.0.1:" + service.port + target.path();
                wrk(url, script, threads, connections, Math.max(10, seconds / 3)); // warm-up: C2 takes ~10 s here
                if (recording != null && target == targets.get(0)) {
                    recording.start();
                }
                Wrk result = wrk(url, script, threads, connections, seconds);
                check("Entrega", target, result, sizes.get(target.path()));
                entrega.put(target.path(), result);
                if (recording != null && target == targets.get(0)) {
                    recording.stop();
                    recording.dump(Path.of(jfr));
                    recording.close();
                    recording = null;
                    hotMethods(Path.of(jfr));
                }
            }

            byte[] css = fetch(first, service.uri("/css/portal.css"), "font-family");
            try (PortalFloorServer server = new PortalFloorServer(service.bean(DataSource.class), customerBySession,
                    css, connections)) {
                HttpClient plain = HttpClient.newHttpClient();
                for (Target target : targets) {
                    URI uri = URI.create("http://127.0.0.1:" + server.port() + target.path());
                    floorSizes.put(target.path(), fetch(plain, uri, cookies.get(0), target.marker()).length);
                }
                for (Target target : targets) {
                    String url = "http://127.0.0.1:" + server.port() + target.path();
                    wrk(url, script, threads, connections, Math.max(10, seconds / 3));
                    Wrk result = wrk(url, script, threads, connections, seconds);
                    check("floor", target, result, floorSizes.get(target.path()));
                    floor.put(target.path(), result);
                }
            }
        }

        System.out.printf("%n%s, %,d invoices, %,d customers; wrk -t%d -c%d -d%ds, each connection with a logged-in"
                + " customer's cookie (%d customers)%n%n", InProcessService.label(database), invoices, customers,
                threads, connections, seconds, sessions);
        System.out.println("| path | Entrega req/s | p50 ms | p99 ms | floor req/s | floor p99 ms | Entrega / floor"
                + " | CPU ms/request (Entrega / floor) | page bytes (Entrega / floor) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Target target : targets) {
            Wrk e = entrega.get(target.path());
            Wrk f = floor.get(target.path());
            System.out.printf(Locale.ROOT,
                    "| `%s` | %,.0f | %.2f | %.2f | %,.0f | %.2f | %.2f | %.2f / %.2f | %,d / %,d |%n",
                    target.path(), e.requestsPerSecond(), e.p50(), e.p99(), f.requestsPerSecond(), f.p99(),
                    e.requestsPerSecond() / f.requestsPerSecond(), e.cpuMsPerRequest(), f.cpuMsPerRequest(),
                    sizes.get(target.path()), floorSizes.get(target.path()));
        }
        System.out.printf("%nJVM %s, %d cores; load average at the end %.1f (above ~2.5: something else was"
                + " running)%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.exit(0);
    }

    /** One page with a client that holds its session cookie: 200 and the marker in it. */
    private static byte[] fetch(HttpClient client, URI uri, String marker) throws Exception {
        return fetch(client, uri, null, marker);
    }

    private static byte[] fetch(HttpClient client, URI uri, String cookie, String marker) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() != 200 || !body.contains(marker)) {
            throw new IllegalStateException(uri + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** Every response must be a full page: no errors, no redirect to the login (which would be a few bytes). */
    private static void check(String who, Target target, Wrk result, int size) {
        if (result.errors() > 0 || result.bytesPerRequest() < size * 0.95) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "%s %s: %d errors, %.0f bytes per response for a %d-byte page", who, target.path(),
                    result.errors(), result.bytesPerRequest(), size));
        }
    }

    /**
     * wrk's threads each get {@code cookies / threads} of the cookies (setup() numbers the threads); each thread
     * sends its cookies in turn, one per request, so with as many connections as cookies every connection carries a
     * different customer at any moment and every customer is loaded equally.
     */
    static String luaScript(List<String> cookies, int threads) {
        int perThread = (cookies.size() + threads - 1) / threads;
        return "local cookies = {" + cookies.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(",\n"))
                + "}\n"
                + "local per = " + perThread + "\n"
                + "local count = 0\n"
                + "function setup(thread)\n  thread:set(\"tid\", count)\n  count = count + 1\nend\n"
                + "function init(args)\n  reqs = {}\n  local path = wrk.path\n"
                + "  for k = 1, per do\n    local c = cookies[(tid * per + k - 1) % #cookies + 1]\n"
                + "    reqs[k] = wrk.format(\"GET\", path, { [\"Cookie\"] = c })\n  end\n  n = 0\nend\n"
                + "function request()\n  n = n % #reqs + 1\n  return reqs[n]\nend\n"
                + "function done(summary, latency, requests)\n"
                + "  io.write(string.format(\"WRK-SUMMARY requests=%d bytes=%d status=%d timeout=%d connect=%d"
                + " read=%d write=%d\\n\", summary.requests, summary.bytes, summary.errors.status,"
                + " summary.errors.timeout, summary.errors.connect, summary.errors.read, summary.errors.write))\n"
                + "end\n";
    }

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern SUMMARY = Pattern.compile(
            "WRK-SUMMARY requests=(\\d+) bytes=(\\d+) status=(\\d+) timeout=(\\d+) connect=(\\d+) read=(\\d+)"
                    + " write=(\\d+)");

    static Wrk wrk(String url, Path script, int threads, int connections, int seconds) throws Exception {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        Process process = new ProcessBuilder("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--latency", "--timeout", "5s", "-s", script.toString(), url).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        long cpu = os.getProcessCpuTime() - cpuBefore;
        Matcher rate = RATE.matcher(out);
        Matcher summary = SUMMARY.matcher(out);
        if (!rate.find() || !summary.find()) {
            throw new IllegalStateException("unexpected wrk output: " + out);
        }
        long errors = 0;
        for (int g = 3; g <= 7; g++) {
            errors += Long.parseLong(summary.group(g));
        }
        long requests = Long.parseLong(summary.group(1));
        return new Wrk(Double.parseDouble(rate.group(1)), percentile(out, "50%"), percentile(out, "99%"),
                requests, Long.parseLong(summary.group(2)), errors, cpu / 1e6 / Math.max(1, requests));
    }

    /** A line of wrk's "Latency Distribution", in milliseconds. */
    static double percentile(String wrkOutput, String which) {
        Matcher line = Pattern.compile("^\\s+" + Pattern.quote(which) + "\\s+([\\d.]+)(us|ms|s)\\s*$",
                Pattern.MULTILINE).matcher(wrkOutput);
        if (!line.find()) {
            throw new IllegalStateException("no " + which + " in wrk output: " + wrkOutput);
        }
        double value = Double.parseDouble(line.group(1));
        return switch (line.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    /** Samples per top (self) method, and per method anywhere on the stack (inclusive), of the request threads. */
    private static void hotMethods(Path file) throws Exception {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> byThread = new HashMap<>();
        int total = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                    continue;
                }
                String thread = event.getThread("sampledThread") == null ? "?"
                        : event.getThread("sampledThread").getJavaName().replaceAll("\\d+", "N");
                byThread.merge(thread, 1, Integer::sum);
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                total++;
                self.merge(name(frames.get(0)), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String name = name(frame);
                    if (seen.add(name)) {
                        inclusive.merge(name, 1, Integer::sum);
                    }
                }
            }
        }
        System.out.printf("%nJFR %s: %d execution samples%n", file, total);
        print("by thread", byThread, total, 10);
        print("top (self)", self, total, 30);
        print("inclusive", inclusive, total, 120);
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int total, int limit) {
        System.out.println("-- " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> System.out.printf(Locale.ROOT, "%6d %5.1f%%  %s%n", e.getValue(),
                        100.0 * e.getValue() / total, e.getKey()));
    }

    private PortalWrkBenchmark() {
    }
}
