package co.entrega.notification;

import java.io.IOException;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import jakarta.activation.FileTypeMap;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.ByteArrayDataSource;

import org.springframework.mail.javamail.ConfigurableMimeFileTypeMap;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import co.entrega.provisioning.AccountProvisioner;
import co.entrega.provisioning.Accounts;
import co.entrega.provisioning.OnboardingProperties;

/**
 * Turns an outbox row into the email to send. Credentials are issued here, at sending time, so they exist in clear
 * only in this message: the outbox keeps a copy of the text with them masked. They are issued for this outbox
 * message: composing the same message again (it is being sent again) adds a copy and leaves the first copy's
 * credentials working, since the first copy may have reached the customer.
 */
@Component
class MailComposer {

    static final String MASK = "••••••••";
    private static final FileTypeMap FILE_TYPES = fileTypes();

    static {
        MailStreamProviderProperty.set();
    }

    private final MailTemplates templates;
    private final InvoiceMailData.Reader data;
    private final InvoiceZip zips;
    private final AccountProvisioner provisioner;
    private final PortalLinks links;
    private final IssuerProperties issuer;
    private final MailDeliveryProperties delivery;
    private final Accounts accounts;
    private final Session session = Session.getInstance(new Properties());

    MailComposer(MailTemplates templates, InvoiceMailData.Reader data, InvoiceZip zips,
                 AccountProvisioner provisioner, PortalLinks links, IssuerProperties issuer,
                 MailDeliveryProperties delivery, Accounts accounts) {
        this.accounts = accounts;
        this.templates = templates;
        this.data = data;
        this.zips = zips;
        this.provisioner = provisioner;
        this.links = links;
        this.issuer = issuer;
        this.delivery = delivery;
    }

    ComposedMail compose(OutboxMessage message) throws IOException, MessagingException {
        Map<String, Object> model = baseModel(message);
        Map<String, Object> masked = new HashMap<>(model);
        String subject;
        byte[] attachment = null;
        String attachmentName = null;
        DeliveredFiles files = null;
        switch (message.kind()) {
            case ACTIVATION -> {
                String token = provisioner.issueActivationToken(message.accountId(), message.id());
                model.put("activationUrl", links.activation(token));
                masked.put("activationUrl", links.activation(MASK));
                subject = message.kind().subject(message.locale());
            }
            case PASSWORD -> {
                String password = provisioner.issueTemporaryPassword(message.accountId(), message.id());
                model.put("password", password);
                masked.put("password", MASK);
                subject = message.kind().subject(message.locale());
            }
            case INVOICE -> {
                InvoiceMailData invoice = data.read(message.invoiceId());
                putInvoice(model, invoice, message.locale());
                putInvoice(masked, invoice, message.locale());
                subject = dianSubject(invoice, issuer);
                InvoiceZip.Built zip = zips.build(invoice,
                        delivery.attachInvoice() ? delivery.attachmentMaxSize().toBytes() : -1);
                if (zip.fits()) {
                    attachment = zip.bytes();
                    attachmentName = InvoiceZip.fileName(invoice);
                    files = new DeliveredFiles(attachmentName, zip.size(), zip.sha256(), zip.xmlSha256(),
                            zip.pdfSha256(), null);
                } else {
                    files = new DeliveredFiles(null, null, null, zip.xmlSha256(), zip.pdfSha256(),
                            delivery.attachInvoice() ? AttachmentNote.tooLarge(zip.size(), delivery.attachmentMaxSize())
                                    : AttachmentNote.turnedOff());
                }
                model.put("attached", attachment != null);
                masked.put("attached", attachment != null);
            }
            case PASSWORD_RESET -> {
                String token = accounts.issueResetToken(message.accountId());
                model.put("resetUrl", links.passwordReset(token));
                masked.put("resetUrl", links.passwordReset(MASK));
                model.put("validMinutes", accounts.resetTokenTtl().toMinutes());
                masked.put("validMinutes", accounts.resetTokenTtl().toMinutes());
                subject = message.kind().subject(message.locale());
            }
            case PASSWORD_CHANGED, PASSKEY_ADDED, PASSKEY_REMOVED -> subject = message.kind().subject(message.locale());
            default -> throw new IllegalStateException("unknown mail kind " + message.kind());
        }
        subject = headerSafe(subject);
        StableIdMimeMessage mime = new StableIdMimeMessage(session, message.messageId());
        MimeMessageHelper helper = new MimeMessageHelper(mime, true, "UTF-8") {
            @Override
            protected FileTypeMap getDefaultFileTypeMap(MimeMessage message) {
                return FILE_TYPES; // else read again from the class path for every message
            }
        };
        helper.setFrom(new InternetAddress(delivery.from(), headerSafe(issuer.name()), "UTF-8"));
        helper.setTo(InternetAddress.parse(message.recipients().replace(';', ','), true));
        helper.setSubject(subject);
        helper.setText(templates.text(message.kind(), message.locale(), model),
                templates.html(message.kind(), message.locale(), model));
        if (attachment != null) {
            helper.addAttachment(attachmentName, new ByteArrayDataSource(attachment, "application/zip"));
        }
        return new ComposedMail(mime, subject, templates.text(message.kind(), message.locale(), masked),
                templates.html(message.kind(), message.locale(), masked), files);
    }

    private static FileTypeMap fileTypes() {
        ConfigurableMimeFileTypeMap types = new ConfigurableMimeFileTypeMap();
        types.afterPropertiesSet();
        return types;
    }

    private Map<String, Object> baseModel(OutboxMessage message) {
        Map<String, Object> model = new HashMap<>();
        model.put("customerName", data.customerName(message.customerId()));
        model.put("issuerName", issuer.name());
        model.put("logoUrl", issuer.logoUrl());
        model.put("supportPhone", issuer.supportPhone());
        model.put("loginUrl", links.login());
        model.put("setPasswordMode", provisioner.mode() == OnboardingProperties.Mode.SET_PASSWORD_LINK);
        model.put("validDays", provisioner.tokenTtl().toDays());
        if (message.accountId() != null) {
            model.put("username", data.username(message.accountId()));
        }
        return model;
    }

    private void putInvoice(Map<String, Object> model, InvoiceMailData invoice, Locale locale) {
        boolean english = "en".equals(locale.getLanguage());
        model.put("documentKind", switch (invoice.kind()) {
            case "CREDIT_NOTE" -> english ? "credit note" : "nota crédito";
            case "DEBIT_NOTE" -> english ? "debit note" : "nota débito";
            default -> english ? "invoice" : "factura electrónica de venta";
        });
        model.put("number", invoice.number());
        model.put("issueDate", invoice.issueDate().format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
                .withLocale(locale)));
        NumberFormat amount = NumberFormat.getNumberInstance(locale);
        amount.setMinimumFractionDigits(2);
        amount.setMaximumFractionDigits(2);
        amount.setRoundingMode(RoundingMode.HALF_UP);
        model.put("amount", amount.format(invoice.amount()));
        model.put("currency", invoice.currency());
        model.put("invoiceUrl", links.invoice(invoice.id()));
        // The buyer's events (acuse de recibo, recibo del bien, aceptación, reclamo) exist for invoices, not notes.
        model.put("buyerEvents", "INVOICE".equals(invoice.kind()));
        model.put("receptionAddress", receptionAddress());
    }

    /** Where the buyer sends its events on an invoice: {@code entrega.issuer.reception-address}, else the sender. */
    String receptionAddress() {
        return issuer.receptionAddress().isBlank() ? delivery.from() : issuer.receptionAddress();
    }

    /**
     * DIAN's subject: NIT del emisor;Nombre del emisor;Número del documento;Código del tipo de documento;
     * Nombre comercial del emisor[;Línea de negocio].
     */
    static String dianSubject(InvoiceMailData invoice, IssuerProperties issuer) {
        String tradeName = issuer.tradeName().isBlank() ? invoice.supplierName() : issuer.tradeName();
        StringBuilder subject = new StringBuilder()
                .append(invoice.supplierNit()).append(';')
                .append(field(invoice.supplierName())).append(';')
                .append(invoice.number()).append(';')
                .append(invoice.typeCode()).append(';')
                .append(field(tradeName));
        if (!issuer.businessLine().isBlank()) {
            subject.append(';').append(field(issuer.businessLine()));
        }
        return subject.toString();
    }

    private static String field(String value) {
        return value == null ? "" : value.replace(';', ',');
    }

    /** No CR, LF or other control character may reach a header: they would let a value add headers. */
    static String headerSafe(String value) {
        return value == null ? "" : value.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").trim();
    }
}
