package co.entrega.notification;

import java.util.Locale;

/** What an outbox email is, with its subject in each language (the invoice email's subject is DIAN's format). */
public enum MailKind {
    ACTIVATION("Activación de usuario", "User activation"),
    PASSWORD("Contraseña de acceso", "Access password"),
    INVOICE(null, null),
    PASSWORD_CHANGED("Su contraseña fue cambiada", "Your password was changed"),
    PASSWORD_RESET("Restablecer contraseña", "Reset your password"),
    PASSKEY_ADDED("Se registró una llave de acceso en su cuenta", "A passkey was added to your account"),
    PASSKEY_REMOVED("Se eliminó una llave de acceso de su cuenta", "A passkey was removed from your account");

    private final String subjectEs;
    private final String subjectEn;

    MailKind(String subjectEs, String subjectEn) {
        this.subjectEs = subjectEs;
        this.subjectEn = subjectEn;
    }

    String subject(Locale locale) {
        return "en".equals(locale.getLanguage()) ? subjectEn : subjectEs;
    }

    /** Template base name under templates/mail/: {name}-html.ftlh and {name}-text.ftl, localized by FreeMarker. */
    String template() {
        return name().toLowerCase(Locale.ROOT);
    }
}
