package com.eventplanner.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CacheKeysTest {

    @Test
    void seedKeysAndTtls() {
        assertThat(CacheKeys.OTP.key("u1")).isEqualTo("otp:u1");
        assertThat(CacheKeys.OTP.ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(CacheKeys.SESSION.key("s1")).isEqualTo("session:s1");
        assertThat(CacheKeys.SESSION.ttl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(CacheKeys.SESSION.sliding()).isTrue();
        assertThat(CacheKeys.EVENT.key("e1")).isEqualTo("event:e1");
        assertThat(CacheKeys.EVENT.ttl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(CacheKeys.API.key("/api/events", "page=1&size=20")).isEqualTo("api:/api/events:page=1&size=20");
        assertThat(CacheKeys.API.ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(CacheKeys.BOOKING.key("b1")).isEqualTo("booking:b1");
        assertThat(CacheKeys.BOOKING.ttl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(CacheKeys.BOOKING.sliding()).isFalse();
    }

    @Test
    void rejectsMissingParts() {
        assertThatThrownBy(() -> CacheKeys.EVENT.key()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CacheKeys.EVENT.key(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CacheKeys.EVENT.key((String) null)).isInstanceOf(NullPointerException.class);
    }
}
