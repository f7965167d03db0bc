package com.eventplanner.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.eventplanner.function.snapstart.SnapStartPriming;
import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.testsupport.WithLocalInfrastructure;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The CRaC hooks as SnapStart fires them: priming runs the payments API on harmless requests, writes nothing, charges
 * nothing, and leaves no pooled connection to be frozen into the snapshot; after a restore the pool serves fresh ones.
 */
@WithLocalInfrastructure
class SnapStartPrimingTest {

    private static final String ROWS = "SELECT (SELECT count(*) FROM payment) + (SELECT count(*) FROM payment_attempt)"
            + " + (SELECT count(*) FROM payment_idempotency_key) + (SELECT count(*) FROM outbox_message)";

    @Test
    void primingHasNoSideEffectsAndLeavesNoConnectionInTheSnapshot(LocalInfrastructure infra) throws SQLException {
        TestStack stack = TestStack.get();
        Invokers.start("paymentApi", infra, stack.authority.jwksUrl(), stack.stripeSettings());
        stack.stripeSettings().forEach(System::setProperty);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PaymentFunctionsApplication.class)
                .web(WebApplicationType.NONE).run()) {
            long rowsBefore = rows(infra);
            stack.stripe.reset();

            SnapStartPriming priming = context.getBean(SnapStartPriming.class);
            priming.beforeCheckpoint(null);

            assertThat(rows(infra)).isEqualTo(rowsBefore);
            assertThat(stack.stripe.server().getAllServeEvents()).as("requests to Stripe").isEmpty();
            HikariDataSource pool = (HikariDataSource) context.getBean(DataSource.class);
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).as("connections at checkpoint").isZero();

            priming.afterRestore(null);
            try (Connection connection = pool.getConnection()) {
                assertThat(connection.isValid(1)).isTrue();
            }
        } finally {
            stack.stripeSettings().keySet().forEach(System::clearProperty);
        }
    }

    private static long rows(LocalInfrastructure infra) throws SQLException {
        try (Connection connection = infra.dataSource("payment").getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(ROWS)) {
            result.next();
            return result.getLong(1);
        }
    }
}
