package com.eventplanner.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.mongodb.client.MongoClient;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class AuditAutoConfigurationTest {

    private static MongoServer server;
    private static String uri;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AuditAutoConfiguration.class));

    @BeforeAll
    static void startStore() {
        server = new MongoServer(new MemoryBackend());
        uri = server.bindAndGetConnectionString();
    }

    @AfterAll
    static void stopStore() {
        server.shutdownNow();
    }

    @Test
    void writerAndQueriesUseTheConfiguredStoreDatabaseAndServiceName() {
        runner.withPropertyValues("eventplanner.mongodb.uri=" + uri, "eventplanner.audit.database=audit-it",
                        "eventplanner.audit.ttl=30d", "spring.application.name=booking-service")
                .run(context -> {
                    Instant now = Instant.now();
                    context.getBean(AuditWriter.class).write(AuditRecord.of("booking.created", "u1", "b1", Map.of()));

                    assertThat(context.getBean(AuditQueries.class).byUser("u1", now.minusSeconds(5),
                            now.plusSeconds(5), 5)).extracting(AuditRecord::service).containsExactly("booking-service");
                    Document ttlIndex = context.getBean(MongoClient.class).getDatabase("audit-it")
                            .getCollection("audit_logs").listIndexes()
                            .into(new java.util.ArrayList<>()).stream()
                            .filter(i -> i.get("key", Document.class).equals(new Document("timestamp", 1)))
                            .findFirst().orElseThrow();
                    assertThat(((Number) ttlIndex.get("expireAfterSeconds")).longValue())
                            .isEqualTo(Duration.ofDays(30).toSeconds());
                });
    }

    @Test
    void applicationBeansWin() {
        AuditWriter own = record -> { };
        runner.withPropertyValues("eventplanner.mongodb.uri=" + uri)
                .withBean(AuditWriter.class, () -> own)
                .run(context -> assertThat(context.getBean(AuditWriter.class)).isSameAs(own));
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("eventplanner.audit.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(AuditWriter.class)
                        .doesNotHaveBean(MongoClient.class));
    }
}
