package co.entrega.operations;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Database rows made ready for a template: lower-case keys, times in the issuer's zone as text, amounts as plain text.
 * (FreeMarker formats java.time values only with extra settings; the console shows them one way, here.)
 */
final class Display {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Display() {
    }

    static List<Map<String, Object>> rows(List<Map<String, Object>> rows) {
        return rows.stream().map(Display::row).toList();
    }

    static Map<String, Object> row(Map<String, Object> row) {
        Map<String, Object> shown = new LinkedHashMap<>();
        row.forEach((key, value) -> shown.put(key.toLowerCase(Locale.ROOT), value(value)));
        return shown;
    }

    private static Object value(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof OffsetDateTime time) {
            return time.atZoneSameInstant(DashboardPage.ISSUER_ZONE).format(TIME);
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().atZone(DashboardPage.ISSUER_ZONE).format(TIME);
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        if (value instanceof BigDecimal amount) {
            return amount.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return String.valueOf(value);
    }
}
