package co.entrega.portal;

import java.time.Duration;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.freemarker.autoconfigure.FreeMarkerVariablesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import org.springframework.web.servlet.view.freemarker.FreeMarkerViewResolver;

/**
 * Pages are in Spanish (Colombia) unless the customer picks English (?lang=en, remembered in a cookie). The login
 * page says when the service runs in demonstration mode (emails caught at /dev/mailbox, not delivered).
 */
@Configuration(proxyBeanMethods = false)
class PortalWebConfiguration implements WebMvcConfigurer {

    static final Locale DEFAULT_LOCALE = Locale.forLanguageTag("es-CO");

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("entrega-idioma");
        resolver.setDefaultLocale(DEFAULT_LOCALE);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieHttpOnly(true);
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor interceptor = new LocaleChangeInterceptor();
        interceptor.setParamName("lang");
        interceptor.setIgnoreInvalidLocale(true);
        registry.addInterceptor(interceptor);
    }

    /** Pages (and the error page) are rendered into memory and written at once: {@link BufferedFreeMarkerView}. */
    @Bean
    static BeanPostProcessor bufferedFreeMarkerViews() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof FreeMarkerViewResolver resolver) {
                    resolver.setViewClass(BufferedFreeMarkerView.class);
                }
                return bean;
            }
        };
    }

    @Bean
    FreeMarkerVariablesCustomizer demoModeVariable(@Value("${spring.mail.host:}") String mailHost) {
        return variables -> variables.put("demoMode", mailHost.isBlank());
    }
}
