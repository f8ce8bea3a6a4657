package co.entrega.operations;

import java.util.ArrayList;
import java.util.List;

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

    /** A route, its endpoint (secrets masked) and its state. */
    public record RouteRow(String id, String endpoint, String status, boolean suspended) {
    }

    @GetMapping("/ops/rutas")
    String routes(Model model) {
        List<RouteRow> routes = new ArrayList<>();
        for (Route route : camel.getRoutes().stream().sorted((a, b) -> a.getRouteId().compareTo(b.getRouteId())).toList()) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
            routes.add(new RouteRow(route.getRouteId(), URISupport.sanitizeUri(route.getEndpoint().getEndpointUri()),
                    status == null ? "?" : status.name(),
                    status == ServiceStatus.Suspended || status == ServiceStatus.Stopped));
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
