package com.eventplanner.event;

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
 * The CRaC hooks as SnapStart fires them: priming runs the functions on harmless requests, writes nothing, and leaves
 * no pooled connection to be frozen into the snapshot; after a restore the pool serves fresh connections.
 */
@WithLocalInfrastructure
class SnapStartPrimingTest {

    @Test
    void primingHasNoSideEffectsAndLeavesNoConnectionInTheSnapshot(LocalInfrastructure infra) throws SQLException {
        TestTokens tokens = new TestTokens();
        Invokers.configure(infra, tokens);
        try (tokens; ConfigurableApplicationContext context = new SpringApplicationBuilder(EventFunctionsApplication.class)
                .web(WebApplicationType.NONE).run()) {
            long rowsBefore = rows(infra, "SELECT (SELECT count(*) FROM event) + (SELECT count(*) FROM outbox_message)");

            SnapStartPriming priming = context.getBean(SnapStartPriming.class);
            priming.beforeCheckpoint(null);

            assertThat(rows(infra, "SELECT (SELECT count(*) FROM event) + (SELECT count(*) FROM outbox_message)"))
                    .isEqualTo(rowsBefore);
            HikariDataSource pool = (HikariDataSource) context.getBean(DataSource.class);
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).as("connections at checkpoint").isZero();

            priming.afterRestore(null);
            try (Connection connection = pool.getConnection()) {
                assertThat(connection.isValid(1)).isTrue();
            }
        }
    }

    private static long rows(LocalInfrastructure infra, String sql) throws SQLException {
        try (Connection connection = infra.dataSource("event").getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
