package co.entrega.portal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import co.entrega.evidence.BuyerEvents;
import co.entrega.factors.Passkeys;
import co.entrega.factors.Realm;

/**
 * A customer's passkeys: the list, removal (a plain form, for keyboards and browsers without script), and the
 * registration form that passkeys.js drives against Spring Security's endpoints.
 */
@Controller
class PasskeyPages {

    private static final ZoneId ISSUER_ZONE = BuyerEvents.ISSUER_ZONE;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm");

    /** A passkey as the page shows it. */
    public record Row(String id, String label, String created, String lastUsed) {
    }

    private final Passkeys passkeys;

    PasskeyPages(Passkeys passkeys) {
        this.passkeys = passkeys;
    }

    @GetMapping("/cuenta/llaves")
    String list(@AuthenticationPrincipal PortalUser user, Model model) {
        List<Row> rows = passkeys.list(Realm.CUSTOMER, user.getUsername()).stream()
                .map(p -> new Row(p.id(), p.label(), WHEN.format(p.created().atZone(ISSUER_ZONE)),
                        WHEN.format(p.lastUsed().atZone(ISSUER_ZONE))))
                .toList();
        model.addAttribute("passkeys", rows);
        return "portal/passkeys";
    }

    @PostMapping("/cuenta/llaves/eliminar")
    String remove(@AuthenticationPrincipal PortalUser user, @RequestParam(name = "id", defaultValue = "") String id) {
        // Only the customer's own: another account's id removes nothing and says nothing of it.
        return passkeys.remove(Realm.CUSTOMER, user.getUsername(), id) ? "redirect:/cuenta/llaves?eliminada"
                : "redirect:/cuenta/llaves";
    }
}
