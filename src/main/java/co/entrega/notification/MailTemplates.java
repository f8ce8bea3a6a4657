package co.entrega.notification;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;

import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

import org.springframework.stereotype.Component;

/**
 * Renders templates/mail/{kind}-html.ftlh (HTML, values auto-escaped) and {kind}-text.ftl (plain text), in the
 * message's locale: FreeMarker picks {kind}-html_en.ftlh for English and falls back to the Spanish default.
 */
@Component
class MailTemplates {

    private final Configuration freemarker;

    MailTemplates(MailTemplateProperties templates) throws IOException {
        freemarker = new Configuration(Configuration.VERSION_2_3_33);
        freemarker.setDirectoryForTemplateLoading(templates.templatesDir().resolve("mail").toFile());
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setRecognizeStandardFileExtensions(true); // .ftlh: HTML output format, values escaped
        freemarker.setLocalizedLookup(true);
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setFallbackOnNullLoopVariable(false);
    }

    String html(MailKind kind, Locale locale, Map<String, Object> model) {
        return render(kind.template() + "-html.ftlh", locale, model);
    }

    String text(MailKind kind, Locale locale, Map<String, Object> model) {
        return render(kind.template() + "-text.ftl", locale, model);
    }

    private String render(String name, Locale locale, Map<String, Object> model) {
        try {
            StringWriter out = new StringWriter();
            freemarker.getTemplate(name, locale).process(model, out);
            return out.toString();
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("cannot render mail template " + name + ": " + e.getMessage(), e);
        }
    }
}
