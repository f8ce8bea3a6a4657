package co.entrega.operations;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** Lays out counts per bucket as the dashboard's bar chart: one slot per bucket, a bar for each bucket with data. */
final class RateChart {

    static final int SLOT = 10;
    static final int BAR = 8;
    static final int LEFT = 48;
    static final int TOP = 16;
    static final int PLOT_HEIGHT = 100;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");

    private RateChart() {
    }

    /**
     * @param first  the first bucket's start; the chart has {@code slots} buckets of {@code bucket} from there
     * @param counts bucket start → count (buckets outside the chart are ignored)
     * @param unit   singular and plural of what is counted ("archivo", "archivos")
     */
    static BillingNight.Chart of(String id, String title, String[] unit, Instant first, Duration bucket, int slots,
                                 SortedMap<Instant, Long> counts, ZoneId zone) {
        Instant end = first.plus(bucket.multipliedBy(slots));
        Map<Instant, Long> shown = counts.subMap(first, end);
        long max = shown.values().stream().mapToLong(Long::longValue).max().orElse(0);
        long total = shown.values().stream().mapToLong(Long::longValue).sum();
        int bottom = TOP + PLOT_HEIGHT;
        List<BillingNight.Bar> bars = new ArrayList<>();
        Instant peak = null;
        for (Map.Entry<Instant, Long> entry : shown.entrySet()) {
            int slot = (int) (Duration.between(first, entry.getKey()).toSeconds() / bucket.toSeconds());
            long count = entry.getValue();
            int height = (int) Math.max(1, Math.round(count * (double) PLOT_HEIGHT / max));
            String label = time(entry.getKey(), zone) + "–" + time(entry.getKey().plus(bucket), zone) + ": "
                    + count(count, unit);
            bars.add(new BillingNight.Bar(LEFT + slot * SLOT + (SLOT - BAR) / 2, bottom - height, BAR, height, count,
                    label));
            if (count == max && peak == null) {
                peak = entry.getKey();
            }
        }
        List<BillingNight.Tick> ticks = new ArrayList<>();
        for (int slot = 0; slot <= slots; slot++) {
            Instant at = first.plus(bucket.multipliedBy(slot));
            if (at.atZone(zone).getMinute() == 0) {
                ticks.add(new BillingNight.Tick(LEFT + slot * SLOT, time(at, zone)));
            }
        }
        String summary = title + ", de las " + time(first, zone) + " a las " + time(end, zone) + ": "
                + (total == 0 ? "ninguno." : count(total, unit) + " en total, como máximo " + max + " (a las "
                + time(peak, zone) + ").");
        int right = LEFT + slots * SLOT;
        // Room on the right for the last hour's label, below for the hours.
        return new BillingNight.Chart(id, title, summary, max, right + 20, bottom + 22, TOP, bottom, LEFT, right,
                List.copyOf(bars), List.copyOf(ticks));
    }

    private static String time(Instant instant, ZoneId zone) {
        return instant.atZone(zone).format(HOUR);
    }

    static String count(long count, String[] unit) {
        return count + " " + (count == 1 ? unit[0] : unit[1]);
    }
}
