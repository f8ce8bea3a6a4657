package co.entrega.operations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.util.URISupport;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Camel routes (inbox polling, pairing sweep, mail sending) with their state; suspend one (for example the inbox
 * while the ERP re-exports a broken batch, or the mail sender while the SMTP relay is serviced) and resume it.
 */
@Controller
class RoutesPage {

    private final CamelContext camel;
    private final ConsoleActions actions;

    RoutesPage(CamelContext camel, ConsoleActions actions) {
        this.camel = camel;
        this.actions = actions;
    }

    @GetMapping("/ops/rutas")
    String routes(Model model) {
        List<Map<String, Object>> routes = new ArrayList<>();
        for (Route route : camel.getRoutes().stream().sorted((a, b) -> a.getRouteId().compareTo(b.getRouteId())).toList()) {
            Map<String, Object> row = new HashMap<>();
            ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
            row.put("id", route.getRouteId());
            row.put("endpoint", URISupport.sanitizeUri(route.getEndpoint().getEndpointUri()));
            row.put("status", status == null ? "?" : status.name());
            row.put("suspended", status == ServiceStatus.Suspended || status == ServiceStatus.Stopped);
            routes.add(row);
        }
        model.addAttribute("routes", routes);
        return "ops/routes";
    }

    @PostMapping("/ops/rutas/{id}/suspender")
    String suspend(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) throws Exception {
        requireKnown(id);
        camel.getRouteController().suspendRoute(id);
        actions.record(request, "ROUTE_SUSPEND", "route", id, "Started", "Suspended", null);
        redirect.addFlashAttribute("notice", "Ruta " + id + " suspendida.");
        return "redirect:/ops/rutas";
    }

    @PostMapping("/ops/rutas/{id}/reanudar")
    String resume(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) throws Exception {
        requireKnown(id);
        ServiceStatus status = camel.getRouteController().getRouteStatus(id);
        if (status == ServiceStatus.Stopped) {
            camel.getRouteController().startRoute(id);
        } else {
            camel.getRouteController().resumeRoute(id);
        }
        actions.record(request, "ROUTE_RESUME", "route", id, String.valueOf(status), "Started", null);
        redirect.addFlashAttribute("notice", "Ruta " + id + " reanudada.");
        return "redirect:/ops/rutas";
    }

    private void requireKnown(String id) {
        if (camel.getRoute(id) == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }
}
