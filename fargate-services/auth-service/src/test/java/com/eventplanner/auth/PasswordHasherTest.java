package com.eventplanner.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.eventplanner.auth.account.PasswordHasher;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(new AuthProperties.Password(19456, 2, 1, 2));

    @Test
    void hashesWithArgon2idAtOwaspParameters() {
        String hash = hasher.hash("correct horse");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hasher.matches("correct horse", hash)).isTrue();
        assertThat(hasher.matches("correct horsE", hash)).isFalse();
        assertThat(hasher.hash("correct horse")).isNotEqualTo(hash);
        assertThat(hasher.needsRehash(hash)).isFalse();
    }

    @Test
    void olderParametersStillVerifyAndAskForARehash() {
        PasswordHasher stronger = new PasswordHasher(new AuthProperties.Password(32768, 3, 1, 2));
        String old = hasher.hash("pw-123456");
        assertThat(stronger.matches("pw-123456", old)).isTrue();
        assertThat(stronger.needsRehash(old)).isTrue();
    }

    @Test
    void refusesParametersBelowTheOwaspMinimum() {
        assertThatThrownBy(() -> new PasswordHasher(new AuthProperties.Password(4096, 3, 1, 2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordHasher(new AuthProperties.Password(19456, 1, 1, 2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedStoredHashNeverMatches() {
        assertThat(hasher.matches("x", "$2a$10$bcrypt-style")).isFalse();
        assertThat(hasher.matches("x", "plain")).isFalse();
    }
}
