package co.entrega.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.ConfigurableObjectInputStream;
import org.springframework.core.serializer.Deserializer;

/**
 * Spring Session's deserializer of session attributes (Java serialization through the application's class loader),
 * with each class looked up once. Every request of a logged-in customer deserializes the security context and the
 * CSRF token, a dozen classes; the class loader's lookup of each was two fifths of that (4 % of the invoices page's
 * CPU under wrk, async-profiler). The classes come from one class loader, so a name always gives the same class.
 */
final class SessionAttributeDeserializer implements Deserializer<Object> {

    private final ClassLoader classLoader;
    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

    SessionAttributeDeserializer(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public Object deserialize(InputStream input) throws IOException {
        ObjectInputStream objects = new ConfigurableObjectInputStream(input, classLoader) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
                Class<?> known = classes.get(description.getName());
                if (known != null) {
                    return known;
                }
                Class<?> resolved = super.resolveClass(description);
                classes.putIfAbsent(description.getName(), resolved);
                return resolved;
            }
        };
        try {
            return objects.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("Failed to deserialize object type", e);
        }
    }
}
