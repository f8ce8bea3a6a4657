package co.entrega.operations;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.Locale;

/** When a backlog should be done at the recent pace, as an operator reads it: "≈ 12 min", "sin pendientes". */
final class DrainEstimate {

    private static final Locale ES_CO = Locale.forLanguageTag("es-CO");

    private DrainEstimate() {
    }

    /**
     * @param backlog what is left
     * @param done    how many were done during {@code window}, just now
     * @param atLeast the backlog may be larger than counted
     */
    static String text(long backlog, boolean atLeast, long done, Duration window) {
        if (backlog == 0) {
            return "sin pendientes";
        }
        if (done == 0) {
            return "sin estimación: nada terminado en los últimos " + window.toMinutes() + " min";
        }
        long minutes = (long) Math.ceil(backlog * (double) window.toSeconds() / done / 60);
        String text = minutes <= 1 ? "≈ 1 min"
                : minutes < 60 ? "≈ " + minutes + " min"
                : "≈ " + minutes / 60 + " h " + String.format(ES_CO, "%02d", minutes % 60) + " min";
        return atLeast ? text + " o más" : text;
    }

    /** "2,5 por min" */
    static String perMinute(long done, Duration window) {
        DecimalFormat format = new DecimalFormat("#,##0.#", DecimalFormatSymbols.getInstance(ES_CO));
        return format.format(done * 60.0 / window.toSeconds()) + " por min";
    }
}
