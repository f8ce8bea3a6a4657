package co.entrega.operations;

import java.time.Instant;
import java.time.ZoneId;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's first page: today's and all-time counts, each linking to its list, and the work in course
 * ({@link BillingNight}), reloading itself while any is left. The counts come from each feature's API
 * ({@link Overview}).
 */
@Controller
class DashboardPage {

    /** "Today" is the issuer's day. */
    static final ZoneId ISSUER_ZONE = ZoneId.of("America/Bogota");
    /** While work is left the page reloads itself this often (a meta refresh: the console's CSP allows no script). */
    static final int REFRESH_SECONDS = 30;

    private final Overview overview;
    private final BillingNightView night;

    DashboardPage(Overview overview, BillingNightView night) {
        this.overview = overview;
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
        model.addAttribute("counts", overview.counts());
        return "ops/dashboard";
    }
}
