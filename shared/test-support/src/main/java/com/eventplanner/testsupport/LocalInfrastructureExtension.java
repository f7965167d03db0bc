package com.eventplanner.testsupport;

import com.eventplanner.localinfra.LocalInfrastructure;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link LocalInfrastructure} per test run (JVM) and shares it among all test classes that use this
 * extension; it lives in the root context store and is closed when the run ends. Injects it into test constructors,
 * lifecycle and test methods. {@link #current()} serves code that cannot take parameters, such as Spring's
 * {@code @DynamicPropertySource} methods (the extension must be registered before Spring's).
 */
public final class LocalInfrastructureExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalInfrastructureExtension.class);
    private static volatile LocalInfrastructure current;

    /** The shared infrastructure, started on first use. */
    public static LocalInfrastructure infrastructure(ExtensionContext context) {
        LocalInfrastructure infrastructure = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(Started.class, key -> new Started(LocalInfrastructure.start()), Started.class)
                .infrastructure();
        current = infrastructure;
        return infrastructure;
    }

    /** The infrastructure started by this extension in this JVM. */
    public static LocalInfrastructure current() {
        LocalInfrastructure infrastructure = current;
        if (infrastructure == null) {
            throw new IllegalStateException("No local infrastructure started; annotate the test class with "
                    + "@WithLocalInfrastructure (before @SpringBootTest)");
        }
        return infrastructure;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        infrastructure(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalInfrastructure.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return infrastructure(extensionContext);
    }

    /** Store value closed by JUnit when the root context closes. */
    private record Started(LocalInfrastructure infrastructure) implements AutoCloseable {
        @Override
        public void close() {
            current = null;
            infrastructure.close();
        }
    }
}
