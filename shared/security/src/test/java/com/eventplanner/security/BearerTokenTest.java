package com.eventplanner.security;

import com.eventplanner.security.InvalidTokenException.Reason;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BearerTokenTest {

    @Test
    void takesTheTokenAfterTheSchemeCaseInsensitively() {
        assertThat(BearerToken.from("Bearer abc.def.ghi").value()).isEqualTo("abc.def.ghi");
        assertThat(BearerToken.from("bearer  abc.def.ghi ").value()).isEqualTo("abc.def.ghi");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Bearer", "Bearer ", "Bearer    ", "Basic dXNlcjpwYXNz", "abc.def.ghi"})
    void noBearerTokenIsMissing(String header) {
        assertThatThrownBy(() -> BearerToken.from(header))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MISSING));
    }

    @Test
    void hugeHeaderIsRejectedBeforeParsing() {
        assertThatThrownBy(() -> BearerToken.from("Bearer " + "a".repeat(10_000)))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }

    @Test
    void neverPrintsTheCredential() {
        assertThat(BearerToken.from("Bearer secret-token").toString()).doesNotContain("secret-token");
    }
}
