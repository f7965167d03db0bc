package com.eventplanner.payment.gateway.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.eventplanner.payment.StripeStub;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar keeps a subset of stripe-java (pom.xml). Loaded in a class loader of its own, it must run the Stripe
 * gateway's and the webhooks' flows as the full library does (StripeGatewayTest), and hold every type Gson reflects
 * on to read the models and write the requests, including fields the stubs never send.
 */
class StripeClassesIT {

    private static final Path JAR = Path.of("target", "payment-functions-aws.jar");
    private static final Path TEST_CLASSES = Path.of("target", "test-classes");

    @Test
    void theShadedJarRunsTheStripeFlowsAndHoldsWhatGsonReflectsOn() throws Exception {
        assertThat(JAR).isRegularFile();
        try (StripeStub stripe = new StripeStub();
             URLClassLoader jar = new URLClassLoader(new URL[] {JAR.toUri().toURL()},
                     ClassLoader.getPlatformClassLoader());
             URLClassLoader flows = new URLClassLoader(new URL[] {TEST_CLASSES.toUri().toURL()}, jar)) {
            @SuppressWarnings("unchecked")
            BiConsumer<String, Map<String, String>> run = (BiConsumer<String, Map<String, String>>) flows
                    .loadClass(StripeFlows.class.getName()).getConstructor().newInstance();
            Map<String, String> outcomes = new LinkedHashMap<>();
            run.accept(stripe.url(), outcomes);
            assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(StripeGatewayTest.EXPECTED);

            List<String> missing = new ArrayList<>();
            for (String root : List.of("com.stripe.model.PaymentIntent", "com.stripe.model.Refund",
                    "com.stripe.model.Event", "com.stripe.model.StripeError",
                    "com.stripe.param.PaymentIntentCreateParams", "com.stripe.param.PaymentIntentCancelParams",
                    "com.stripe.param.RefundCreateParams")) {
                reflectedOn(Class.forName(root, false, jar), missing);
            }
            assertThat(missing).as("types Gson reflects on that the jar lacks").isEmpty();
        }
    }

    /** Every field type (generic arguments included) of {@code type} and of the types it holds, transitively. */
    private static void reflectedOn(Class<?> type, List<String> missing) {
        Deque<Class<?>> queue = new ArrayDeque<>(List.of(type));
        Set<Class<?>> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            Class<?> current = queue.poll();
            if (!current.getName().startsWith("com.stripe") || !seen.add(current)) {
                continue;
            }
            for (Class<?> k = current; k != null && k != Object.class; k = k.getSuperclass()) {
                try {
                    for (Field field : k.getDeclaredFields()) {
                        if (!Modifier.isStatic(field.getModifiers())) {
                            collect(field.getGenericType(), queue);
                        }
                    }
                } catch (Throwable e) {
                    missing.add(k.getName() + ": " + e);
                }
            }
        }
    }

    private static void collect(Type type, Deque<Class<?>> queue) {
        if (type instanceof Class<?> c) {
            queue.add(c.isArray() ? c.getComponentType() : c);
        } else if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), queue);
            for (Type argument : p.getActualTypeArguments()) {
                // an ExpandableField holds an id: its type must load (it did, above), its fields are never read
                if (!p.getRawType().getTypeName().equals("com.stripe.model.ExpandableField")) {
                    collect(argument, queue);
                }
            }
        }
    }
}
