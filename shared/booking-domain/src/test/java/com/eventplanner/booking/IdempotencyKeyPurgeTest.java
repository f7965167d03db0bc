package com.eventplanner.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdempotencyKeyPurgeTest {

    private final DomainFixture fx = DomainFixture.get();
    private final UUID user = UUID.randomUUID();

    @BeforeEach
    void noKeys() {
        fx.jdbc.update("DELETE FROM idempotency_key");
    }

    @Test
    void keysOlderThanTheRetentionGoInSmallBatchesAndYoungerOnesStay() {
        Instant now = fx.clock.instant();
        for (int i = 0; i < 7; i++) {
            key("old-" + i, now.minus(Duration.ofHours(24)).minusSeconds(i + 1));
        }
        key("just-inside", now.minus(Duration.ofHours(24)).plusSeconds(1));
        key("fresh", now);

        int purged = purge(new IdempotencyKeyProperties(Duration.ofHours(24), 3, 20));

        assertThat(purged).as("three batches: 3, 3, 1").isEqualTo(7);
        assertThat(remaining()).isEqualTo(2);
        assertThat(fx.jdbc.queryForList("SELECT idempotency_key FROM idempotency_key", String.class))
                .containsExactlyInAnyOrder("just-inside", "fresh");
    }

    @Test
    void oneRunStopsAfterItsBatchesAndTheNextRunTakesTheOldestOfTheRest() {
        Instant now = fx.clock.instant();
        for (int i = 0; i < 5; i++) {
            key("old-" + i, now.minus(Duration.ofDays(2)).minusSeconds(i));
        }
        IdempotencyKeyProperties properties = new IdempotencyKeyProperties(Duration.ofHours(24), 2, 1);

        assertThat(purge(properties)).isEqualTo(2);
        assertThat(fx.jdbc.queryForList("SELECT idempotency_key FROM idempotency_key", String.class))
                .as("oldest first").containsExactlyInAnyOrder("old-0", "old-1", "old-2");
        assertThat(purge(properties)).isEqualTo(2);
        assertThat(purge(properties)).isEqualTo(1);
        assertThat(purge(properties)).isZero();
        assertThat(remaining()).isZero();
    }

    @Test
    void theRetentionFollowsTheConfiguration() {
        key("an-hour-old", fx.clock.instant().minus(Duration.ofHours(1)).minusSeconds(1));

        assertThat(purge(new IdempotencyKeyProperties(Duration.ofHours(24), 500, 20))).isZero();
        assertThat(purge(new IdempotencyKeyProperties(Duration.ofHours(1), 500, 20))).isOne();
        assertThatThrownBy(() -> new IdempotencyKeyProperties(Duration.ZERO, 500, 20))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private int purge(IdempotencyKeyProperties properties) {
        return new IdempotencyKeyPurge(fx.dataSource, properties, fx.clock).purgeExpired();
    }

    private void key(String key, Instant createdAt) {
        fx.jdbc.update("""
                INSERT INTO idempotency_key (user_id, idempotency_key, request_hash, status_code, response_body,
                                             booking_id, created_at)
                VALUES (?, ?, 'hash', 201, '{}', ?, ?)""", user, key, UUID.randomUUID(), Timestamp.from(createdAt));
    }

    private int remaining() {
        return fx.jdbc.queryForObject("SELECT count(*) FROM idempotency_key", Integer.class);
    }
}
