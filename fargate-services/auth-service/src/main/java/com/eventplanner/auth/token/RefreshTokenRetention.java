package com.eventplanner.auth.token;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

import com.eventplanner.auth.AuthProperties;

/**
 * Forgets refresh tokens and families that can no longer matter: tokens expired longer than the retention ago (a
 * rotated token is kept that long for reuse detection), then the tokens of families that ended (revoked, or their
 * newest token expired) before it, then those families. Every statement deletes one bounded batch, picked through an
 * index (V2__refresh_token_retention.sql) and locked with SKIP LOCKED, so the tasks of the service, which all run the
 * schedule, share the work instead of waiting for each other, and a run never holds many locks or waits for a
 * request; a backlog beyond the batches of one run drains over the next runs.
 */
public class RefreshTokenRetention {

    /** What one run deleted. */
    public record Purged(int tokens, int families) {
    }

    private static final Logger log = LoggerFactory.getLogger(RefreshTokenRetention.class);

    private static final String EXPIRED_TOKENS = """
            delete from refresh_tokens where id in (
                select id from refresh_tokens where expires_at < :cutoff
                order by expires_at limit :batch for update skip locked)""";
    private static final String TOKENS_OF_ENDED_FAMILIES = """
            delete from refresh_tokens where id in (
                select t.id from refresh_token_families f join refresh_tokens t on t.family_id = f.id
                where least(f.revoked_at, f.expires_at) < :cutoff
                limit :batch for update of t skip locked)""";
    // a family still holding tokens (another task is deleting them) waits for a later batch, so no cascade is ever
    // larger than a batch
    private static final String ENDED_FAMILIES = """
            delete from refresh_token_families where id in (
                select f.id from refresh_token_families f
                where least(f.revoked_at, f.expires_at) < :cutoff
                  and not exists (select 1 from refresh_tokens t where t.family_id = f.id)
                order by least(f.revoked_at, f.expires_at) limit :batch for update skip locked)""";

    private final JdbcClient jdbc;
    private final AuthProperties.Retention retention;
    private final Clock clock;

    public RefreshTokenRetention(JdbcClient jdbc, AuthProperties.Retention retention, Clock clock) {
        this.jdbc = jdbc;
        this.retention = retention;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${eventplanner.auth.retention.interval}",
            fixedDelayString = "${eventplanner.auth.retention.interval}")
    void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("refresh token retention failed; retrying at the next run", e);
        }
    }

    public Purged purge() {
        OffsetDateTime cutoff = clock.instant().minus(retention.after()).atOffset(ZoneOffset.UTC);
        int tokens = batches(EXPIRED_TOKENS, cutoff) + batches(TOKENS_OF_ENDED_FAMILIES, cutoff);
        Purged purged = new Purged(tokens, batches(ENDED_FAMILIES, cutoff));
        if (purged.tokens() + purged.families() > 0) {
            log.info("refresh token retention: {}", purged);
        }
        return purged;
    }

    private int batches(String sql, OffsetDateTime cutoff) {
        int total = 0;
        for (int batch = 0; batch < retention.batchesPerRun(); batch++) {
            int deleted = jdbc.sql(sql).param("cutoff", cutoff).param("batch", retention.batchSize()).update();
            total += deleted;
            if (deleted < retention.batchSize()) {
                break;
            }
        }
        return total;
    }
}
