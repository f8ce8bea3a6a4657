package co.entrega.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.valves.ValveBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

/** Pages take turns; downloads do not wait for them. */
class RequestConcurrencyLimitTest {

    private final ExecutorService clients = Executors.newFixedThreadPool(5);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger insideNow = new AtomicInteger();
    private final AtomicInteger entered = new AtomicInteger();

    @AfterEach
    void stop() {
        release.countDown();
        clients.shutdownNow();
    }

    @Test
    void aSecondPageWaitsForTheFirstWhileADownloadGoesStraightThrough() throws Exception {
        RequestConcurrencyLimit.PagesValve valve = started(new RequestConcurrencyLimit.PagesValve(1));

        Future<?> first = clients.submit(() -> invoke(valve, "/facturas"));
        await().atMost(Duration.ofSeconds(5)).until(() -> entered.get() == 1);
        Future<?> second = clients.submit(() -> invoke(valve, "/facturas?desde=2025-01-01"));
        Future<?> download = clients.submit(() -> invoke(valve, "/facturas/42/pdf"));
        Future<?> pending = clients.submit(() -> invoke(valve, "/descargas/pendientes"));
        Future<?> original = clients.submit(() -> invoke(valve, "/ops/cuarentena/7/original"));

        await().atMost(Duration.ofSeconds(5)).until(() -> entered.get() == 4);
        assertThat(insideNow.get()).as("the first page and the three downloads, not the second page").isEqualTo(4);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> entered.get() == 4);

        release.countDown();
        for (Future<?> request : List.of(first, second, download, pending, original)) {
            request.get(5, TimeUnit.SECONDS);
        }
        assertThat(entered.get()).as("the second page ran once the first was done").isEqualTo(5);
    }

    @Test
    void fourTurnsACoreUnlessConfiguredAndNoneWithZero() {
        assertThat(valves(null)).singleElement().isInstanceOfSatisfying(RequestConcurrencyLimit.PagesValve.class,
                valve -> assertThat(valve.getConcurrency())
                        .isEqualTo(4 * Runtime.getRuntime().availableProcessors()));
        assertThat(valves(3)).singleElement().isInstanceOfSatisfying(RequestConcurrencyLimit.PagesValve.class,
                valve -> assertThat(valve.getConcurrency()).isEqualTo(3));
        assertThat(valves(0)).isEmpty();
    }

    private static List<Valve> valves(Integer configured) {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        new RequestConcurrencyLimit().pagesTakeTurns(new PortalProperties(configured,
                new PortalProperties.Session(Duration.ofMinutes(1)), "https://catalogo-vpfe.dian.gov.co/document/searchqr?documentkey=")).customize(factory);
        return List.copyOf(factory.getContextValves());
    }

    private RequestConcurrencyLimit.PagesValve started(RequestConcurrencyLimit.PagesValve valve) throws Exception {
        StandardContext context = new StandardContext();
        context.setName("portal");
        context.setPath("");
        valve.setContainer(context);
        valve.setNext(new ValveBase() {
            @Override
            public void invoke(Request request, Response response) throws java.io.IOException {
                insideNow.incrementAndGet();
                entered.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    insideNow.decrementAndGet();
                }
            }
        });
        valve.start();
        return valve;
    }

    private static Void invoke(Valve valve, String uri) throws Exception {
        Request request = mock(Request.class);
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        when(request.getDecodedRequestURI()).thenReturn(path);
        when(request.getContextPath()).thenReturn("");
        valve.invoke(request, mock(Response.class));
        return null;
    }
}
