package co.entrega.portal;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.session.SaveMode;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Sessions stay in the database (Spring Session JDBC, as Spring Boot configures it: shared by every instance, the
 * idle timeout of {@code server.servlet.session.timeout}); the filter that loads and saves them goes through
 * {@link ThrottledTouchSessionRepository}, so a request that changes nothing in its session does not write it.
 * {@code entrega.portal.session.touch-interval} (default 1 minute, 0 = write on every request as Spring Session
 * does) bounds how far the stored last access may lag behind.
 */
@Configuration(proxyBeanMethods = false)
class SessionStoreConfiguration {

    /** The session cookie as Spring Boot configures it (name, HttpOnly, SameSite, Secure), for our filter too. */
    @Bean
    CookieHttpSessionIdResolver httpSessionIdResolver(CookieSerializer cookieSerializer) {
        CookieHttpSessionIdResolver resolver = new CookieHttpSessionIdResolver();
        resolver.setCookieSerializer(cookieSerializer);
        return resolver;
    }

    /** Session attributes (de)serialized as Spring Session does, with each class looked up once. */
    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionAttributeConversion(ResourceLoader resources) {
        GenericConversionService conversion = new GenericConversionService();
        conversion.addConverter(Object.class, byte[].class, new SerializingConverter());
        conversion.addConverter(byte[].class, Object.class,
                new DeserializingConverter(new SessionAttributeDeserializer(resources.getClassLoader())));
        return repository -> repository.setConversionService(conversion);
    }

    /** Replaces Spring Session's filter by one over the same store, through {@link ThrottledTouchSessionRepository}. */
    @Bean
    static BeanPostProcessor throttledSessionTouches(ObjectProvider<JdbcIndexedSessionRepository> repository,
                                                     ObjectProvider<HttpSessionIdResolver> resolver,
                                                     ObjectProvider<PortalProperties> portal,
                                                     Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof SessionRepositoryFilter<?>) || !name.equals("springSessionRepositoryFilter")) {
                    return bean;
                }
                Duration interval = portal.getObject().session().touchInterval();
                SaveMode saveMode = Binder.get(environment).bind("spring.session.jdbc.save-mode", SaveMode.class)
                        .orElse(SaveMode.ON_SET_ATTRIBUTE);
                SessionRepositoryFilter<?> filter = new SessionRepositoryFilter<>(new ThrottledTouchSessionRepository<>(
                        repository.getObject(), interval, saveMode != SaveMode.ON_SET_ATTRIBUTE));
                filter.setHttpSessionIdResolver(resolver.getObject());
                return filter;
            }
        };
    }
}
