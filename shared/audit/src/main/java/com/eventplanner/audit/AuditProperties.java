package com.eventplanner.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code eventplanner.audit.*}; the connection itself is {@code eventplanner.mongodb.uri}
 * (default {@code ${MONGODB_URI:mongodb://127.0.0.1:27017}}). DocumentDB needs {@code retryWrites=false} and
 * {@code tls=true} in that URI.
 *
 * @param ttl        when set, records expire this long after their timestamp (TTL index); unset keeps them forever
 * @param bufferSize what the writer keeps in memory while the store is down, in encoded bytes
 */
@ConfigurationProperties("eventplanner.audit")
public record AuditProperties(@DefaultValue("audit") String database,
                              @DefaultValue("audit_logs") String collection,
                              Duration ttl,
                              @DefaultValue("2s") Duration operationTimeout,
                              @DefaultValue("16MB") DataSize bufferSize,
                              @DefaultValue("5s") Duration closeTimeout) {

    AuditWriterOptions writerOptions() {
        AuditWriterOptions defaults = AuditWriterOptions.defaults();
        return new AuditWriterOptions(operationTimeout, bufferSize.toBytes(), defaults.initialBackoff(),
                defaults.maxBackoff(), closeTimeout, ttl);
    }
}
