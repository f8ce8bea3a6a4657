package co.entrega.operations;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Records an operator action in the audit log with who did it and from where. */
@Component
class ConsoleActions {

    private final AuditLog audit;

    ConsoleActions(AuditLog audit) {
        this.audit = audit;
    }

    void record(HttpServletRequest request, String action, String targetType, Object targetId, String before,
                String after, String comment) {
        record(request.getRemoteAddr(), action, targetType, targetId, before, after, comment);
    }

    /** @param from the operator's remote address */
    void record(String from, String action, String targetType, Object targetId, String before, String after,
                String comment) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String operator = authentication == null ? "?" : authentication.getName();
        audit.record(operator, action, targetType, targetId, before, after, comment, from);
    }
}
