package co.entrega.operations;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's first page: today's and all-time counts, each linking to its list, and the work in course
 * ({@link BillingNight}), reloading itself while any is left. Read-only SQL over the features'
 * tables (the console is where they meet).
 */
@Controller
class DashboardPage {

    /** "Today" is the issuer's day. */
    static final ZoneId ISSUER_ZONE = ZoneId.of("America/Bogota");
    /** While work is left the page reloads itself this often (a meta refresh: the console's CSP allows no script). */
    static final int REFRESH_SECONDS = 30;

    private final JdbcClient jdbc;
    private final BillingNightView night;

    DashboardPage(JdbcClient jdbc, BillingNightView night) {
        this.jdbc = jdbc;
        this.night = night;
    }

    /** @param auto "no": the operator stopped the reloading (it moves a screen reader's place in the page) */
    @GetMapping({"/ops", "/ops/"})
    String dashboard(@RequestParam(name = "auto", required = false) String auto, Model model) {
        BillingNight now = night.at(Instant.now());
        boolean reload = !"no".equals(auto);
        model.addAttribute("night", now);
        model.addAttribute("autoRefresh", reload);
        model.addAttribute("refreshSeconds", REFRESH_SECONDS);
        model.addAttribute("refresh", now.working() && reload ? REFRESH_SECONDS : 0);
        OffsetDateTime today = LocalDate.now(ISSUER_ZONE).atStartOfDay(ISSUER_ZONE).toOffsetDateTime();
        Map<String, Object> files = new LinkedHashMap<>();
        for (String status : new String[] {"REGISTERED", "DUPLICATE", "QUARANTINED", "WAITING"}) {
            files.put(status, counts("SELECT COUNT(*) FROM inbound_files WHERE status = '" + status + "'",
                    "received_at", today));
        }
        files.put("ALL", counts("SELECT COUNT(*) FROM inbound_files WHERE 1 = 1", "received_at", today));
        Map<String, Object> mails = new LinkedHashMap<>();
        for (String status : new String[] {"PENDING", "SENDING", "SENT", "FAILED"}) {
            mails.put(status, counts("SELECT COUNT(*) FROM mail_outbox WHERE status = '" + status + "'",
                    "created_at", today));
        }
        model.addAttribute("files", files);
        model.addAttribute("mails", mails);
        model.addAttribute("invoices", counts("SELECT COUNT(*) FROM invoices WHERE 1 = 1", "registered_at", today));
        model.addAttribute("downloaded", one("""
                SELECT COUNT(*) FROM invoices i WHERE EXISTS (SELECT 1 FROM document_downloads d WHERE d.invoice_id = i.id)"""));
        model.addAttribute("notDownloaded", one("""
                SELECT COUNT(*) FROM invoices i WHERE NOT EXISTS (SELECT 1 FROM document_downloads d WHERE d.invoice_id = i.id)"""));
        model.addAttribute("customersWithoutEmail", one("SELECT COUNT(*) FROM customers WHERE email IS NULL"));
        model.addAttribute("sinCorreo", one("SELECT COUNT(*) FROM invoices WHERE status = 'SIN_CORREO'"));
        return "ops/dashboard";
    }

    private Map<String, Long> counts(String sql, String timeColumn, OffsetDateTime today) {
        return Map.of("today", jdbc.sql(sql + " AND " + timeColumn + " >= :today").param("today", today)
                        .query(Long.class).single(),
                "all", one(sql));
    }

    private long one(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
