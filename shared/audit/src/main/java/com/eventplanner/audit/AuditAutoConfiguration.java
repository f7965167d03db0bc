package com.eventplanner.audit;

import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Audit writer and queries for a Boot app or a Spring Cloud Function jar. Runs after Boot's own MongoDB
 * auto-configuration so an application that already has a {@link MongoClient} shares it; every bean backs off when
 * the application defines its own. {@code eventplanner.audit.enabled=false} switches it off.
 */
@AutoConfiguration(afterName = "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration")
@ConditionalOnProperty(prefix = "eventplanner.audit", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(AuditProperties.class)
public class AuditAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    MongoClient mongoClient(@Value("${eventplanner.mongodb.uri:${MONGODB_URI:mongodb://127.0.0.1:27017}}") String uri) {
        // short defaults so a dead store fails fast; the URI's own options (serverSelectionTimeoutMS, ...) win
        MongoClientSettings settings = MongoClientSettings.builder()
                .uuidRepresentation(UuidRepresentation.STANDARD)
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(2, TimeUnit.SECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(2, TimeUnit.SECONDS))
                .applyConnectionString(new ConnectionString(uri))
                .build();
        return MongoClients.create(settings);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(AuditWriter.class)
    MongoAuditWriter auditWriter(MongoClient mongoClient, AuditProperties properties,
                                 @Value("${spring.application.name:unknown-service}") String serviceName) {
        return MongoAuditWriter.start(auditCollection(mongoClient, properties), serviceName,
                properties.writerOptions());
    }

    @Bean
    @ConditionalOnMissingBean
    AuditQueries auditQueries(MongoClient mongoClient, AuditProperties properties) {
        return new AuditQueries(auditCollection(mongoClient, properties));
    }

    private static MongoCollection<Document> auditCollection(MongoClient mongoClient, AuditProperties properties) {
        return mongoClient.getDatabase(properties.database()).getCollection(properties.collection());
    }
}
