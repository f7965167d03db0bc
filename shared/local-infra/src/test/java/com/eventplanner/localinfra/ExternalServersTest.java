package com.eventplanner.localinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Every piece replaced by an already running server named in the (injected) environment. */
class ExternalServersTest {

    private final LocalInfrastructure shared = SharedInfrastructure.get();

    @Test
    void usesTheServersNamedInTheEnvironmentAndStartsNone() throws Exception {
        try (Connection connection = shared.dataSource("postgres").getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS payment WITH (FORCE)");
        }
        Map<String, String> env = new HashMap<>(Map.of(
                "POSTGRES_URL", shared.postgresUrl(),
                "POSTGRES_USER", shared.username(),
                "POSTGRES_PASSWORD", shared.password(),
                "REDIS_URL", shared.redisUri(),
                "MONGODB_URI", shared.mongoUri(),
                "AWS_ENDPOINT_URL_SQS", shared.sqsEndpoint().toString(),
                "AWS_ENDPOINT_URL_SNS", shared.snsEndpoint().toString()));

        try (LocalInfrastructure external = LocalInfrastructure.builder().env(env).start()) {
            assertThat(external.jdbcUrl("payment")).isEqualTo(shared.jdbcUrl("payment"));
            try (Connection connection = external.dataSource("payment").getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT current_database()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("the missing database was created").isEqualTo("payment");
            }
            assertThat(external.redisUri()).isEqualTo(shared.redisUri());
            assertThat(external.mongoUri()).isEqualTo(shared.mongoUri());
            assertThat(external.sqsEndpoint()).isEqualTo(shared.sqsEndpoint());
            assertThat(external.snsEndpoint()).isEqualTo(shared.snsEndpoint());
            assertThat(external.queueUrl("booking-created-event-queue"))
                    .isEqualTo(shared.queueUrl("booking-created-event-queue"));
            assertThat(external.topicArn("eventplanner-booking-topic"))
                    .isEqualTo(shared.topicArn("eventplanner-booking-topic"));
            assertThat(shared.snsClient().listSubscriptionsByTopic(b -> b
                    .topicArn(shared.topicArn("eventplanner-payment-topic"))).subscriptions())
                    .as("provisioning twice adds no subscription").hasSize(3);
            assertThatThrownBy(external::snsServer).isInstanceOf(IllegalStateException.class);
            assertThat(external.environment()).containsEntry("REDIS_URL", shared.redisUri())
                    .containsEntry("POSTGRES_URL", shared.postgresUrl());
        }
        assertThat(shared.sqsClient().listQueues().queueUrls()).as("closing it leaves the shared servers running")
                .isNotEmpty();
    }

    @Test
    void splitsAServerLevelJdbcUrlKeepingItsParameters() {
        Map<String, String> env = Map.of("POSTGRES_URL", "jdbc:postgresql://db.example:6543/postgres?sslmode=require");
        assertThat(LocalInfrastructure.postgresUrls(env::get, "booking"))
                .isEqualTo("jdbc:postgresql://db.example:6543/booking?sslmode=require");
        assertThat(LocalInfrastructure.postgresUrls(Map.of("POSTGRES_URL", "jdbc:postgresql://h1:5432,h2:5432")::get, "auth"))
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5432/auth");
    }
}
