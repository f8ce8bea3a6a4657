package co.entrega.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The dashboard's chart layout and drain estimate, without the database. */
class BillingNightPartsTest {

    private static final ZoneId BOGOTA = ZoneId.of("America/Bogota");
    private static final Duration FIVE = Duration.ofMinutes(5);

    @Test
    void eachBucketWithDataIsABarAsTallAsItsShareOfTheLargest() {
        Instant first = Instant.parse("2026-03-02T05:00:00Z"); // 00:00 in Bogotá
        TreeMap<Instant, Long> counts = new TreeMap<>();
        counts.put(first.minus(FIVE), 99L); // before the chart: ignored
        counts.put(first, 10L);
        counts.put(first.plus(FIVE.multipliedBy(3)), 40L);
        counts.put(first.plus(FIVE.multipliedBy(12)), 1L);

        BillingNight.Chart chart = RateChart.of("g", "Archivos procesados cada 5 minutos",
                new String[] {"archivo", "archivos"}, first, FIVE, 24, counts, BOGOTA);

        assertThat(chart.max()).isEqualTo(40);
        assertThat(chart.bars()).extracting(BillingNight.Bar::label).containsExactly(
                "00:00–00:05: 10 archivos", "00:15–00:20: 40 archivos", "01:00–01:05: 1 archivo");
        assertThat(chart.bars()).extracting(BillingNight.Bar::height).containsExactly(25, 100, 3);
        assertThat(chart.bars()).extracting(BillingNight.Bar::x)
                .containsExactly(RateChart.LEFT + 1, RateChart.LEFT + 31, RateChart.LEFT + 121);
        assertThat(chart.bars().get(1).y()).isEqualTo(RateChart.TOP);
        assertThat(chart.ticks()).extracting(BillingNight.Tick::label).containsExactly("00:00", "01:00", "02:00");
        assertThat(chart.summary()).isEqualTo("Archivos procesados cada 5 minutos, de las 00:00 a las 02:00: "
                + "51 archivos en total, como máximo 40 (a las 00:15).");
    }

    @Test
    void anEmptyChartSaysSo() {
        Instant first = Instant.parse("2026-03-02T05:00:00Z");
        BillingNight.Chart chart = RateChart.of("g", "Correos enviados cada 5 minutos",
                new String[] {"correo", "correos"}, first, FIVE, 12, new TreeMap<>(), BOGOTA);
        assertThat(chart.bars()).isEmpty();
        assertThat(chart.summary()).endsWith(": ninguno.");
    }

    @Test
    void theBacklogDrainsAtTheRecentPace() {
        Duration window = Duration.ofMinutes(15);
        assertThat(DrainEstimate.text(0, false, 0, window)).isEqualTo("sin pendientes");
        assertThat(DrainEstimate.text(6, false, 30, window)).isEqualTo("≈ 3 min");
        assertThat(DrainEstimate.text(1, false, 3000, window)).isEqualTo("≈ 1 min");
        assertThat(DrainEstimate.text(1_000, true, 150, window)).isEqualTo("≈ 1 h 40 min o más");
        assertThat(DrainEstimate.text(5, false, 0, window))
                .isEqualTo("sin estimación: nada terminado en los últimos 15 min");
        assertThat(DrainEstimate.perMinute(30, window)).isEqualTo("2 por min");
        assertThat(DrainEstimate.perMinute(20_000, window)).isEqualTo("1.333,3 por min");
    }
}
