package co.entrega.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The schema alone, for a test of one repository or SQL class (the test {@code @Import}s it): a data source, Flyway's
 * migrations and JDBC templates, without the service's routes, jobs, web server or mail. It runs on the same fresh
 * database as {@link EntregaIntegrationTest} ({@link TestEnvironmentCustomizerFactory}: H2, or PostgreSQL with
 * {@code -Dentrega.test.database=postgres}), not on an embedded one Spring Boot would put in its place; and, like
 * the whole-service tests, outside any test transaction: what a test writes is committed, as the classes under test
 * commit it in production.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
public @interface EntregaJdbcTest {
}
