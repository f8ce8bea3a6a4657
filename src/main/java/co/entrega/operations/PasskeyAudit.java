package co.entrega.operations;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import co.entrega.factors.PasskeyChanged;
import co.entrega.factors.Realm;

/** An operator's passkey registered or removed: an audit entry, written in the transaction that stored the change. */
@Component
class PasskeyAudit {

    private final AuditLog audit;

    PasskeyAudit(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void changed(PasskeyChanged change) {
        if (change.realm() != Realm.OPERATOR) {
            return;
        }
        // In a request: the operator's own (the console's pages); else whoever runs the service (a reset).
        boolean inRequest = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes;
        String from = inRequest
                ? remoteAddress(((ServletRequestAttributes) RequestContextHolder.getRequestAttributes()).getRequest())
                : null;
        audit.record(inRequest ? change.username() : "servidor",
                change.added() ? "OPERATOR_PASSKEY_ADDED" : "OPERATOR_PASSKEY_REMOVED",
                "operator", change.username(), null, change.label(), null, from);
    }

    private static String remoteAddress(HttpServletRequest request) {
        return request.getRemoteAddr();
    }
}
