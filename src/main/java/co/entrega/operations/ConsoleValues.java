package co.entrega.operations;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.utility.DeepUnwrap;

import org.springframework.boot.freemarker.autoconfigure.FreeMarkerVariablesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the console shows a value, as {@code ${shown(x)}} in its templates: a time in the issuer's zone to the second,
 * an amount as plain digits, nothing for a missing value ({@code shown(x!)}). FreeMarker formats no java.time value
 * by itself, and the console shows them one way, here. (The records the console's templates read are public:
 * FreeMarker reads only public classes' methods.)
 */
@Configuration(proxyBeanMethods = false)
class ConsoleValues {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Bean
    FreeMarkerVariablesCustomizer consoleValueFormat() {
        return variables -> variables.put("shown", (TemplateMethodModelEx) ConsoleValues::shown);
    }

    private static Object shown(List<?> arguments) throws TemplateModelException {
        if (arguments.size() != 1) {
            throw new TemplateModelException("shown(value) takes one value");
        }
        return text(DeepUnwrap.unwrap((TemplateModel) arguments.get(0)));
    }

    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof OffsetDateTime time) {
            return time.atZoneSameInstant(DashboardPage.ISSUER_ZONE).format(TIME);
        }
        if (value instanceof BigDecimal amount) {
            return amount.stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }
}
