package com.eventplanner.security;

import com.eventplanner.security.InvalidTokenException.Reason;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyRotationTest {

    @Test
    void keyPublishedAfterStartIsPickedUpByRefetchAndUnknownKidsCannotForceMoreFetches() throws Exception {
        // keys and tokens are made up front: the rate-limit window opens with the first fetch
        ECKey current = Tokens.ecKey("2026-11-a");
        RSAKey next = Tokens.rsaKey("2026-11-b");
        ECKey later = Tokens.ecKey("2026-11-c");
        String currentToken = Tokens.sign(current);
        String nextToken = Tokens.sign(next);
        String laterToken = Tokens.sign(later);
        String attackerToken = Tokens.sign(Tokens.ecKey("attacker"));
        Duration refetchInterval = Duration.ofSeconds(3);
        try (JwksServer jwks = new JwksServer(current)) {
            JwtVerifier verifier = JwtVerifier.builder(Tokens.ISSUER, Tokens.AUDIENCE)
                    .jwksUrl(jwks.url())
                    .jwksRefetchInterval(refetchInterval)
                    .verifiedTokenCacheSize(0)
                    .build();

            verifier.verify(currentToken);
            verifier.verify(currentToken);
            assertThat(jwks.fetches()).as("the JWKS is cached").isEqualTo(1);

            jwks.publish(next);
            assertThat(verifier.verify(nextToken).userId()).isEqualTo(Tokens.USER_ID);
            assertThat(jwks.fetches()).as("unknown kid triggered one refetch").isEqualTo(2);

            for (int i = 0; i < 20; i++) {
                assertThatThrownBy(() -> verifier.verify(attackerToken))
                        .isInstanceOfSatisfying(InvalidTokenException.class,
                                e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
            }
            assertThat(jwks.fetches()).as("refetches for unknown kids are rate-limited").isEqualTo(2);
            assertThat(verifier.verify(currentToken).userId()).isEqualTo(Tokens.USER_ID);

            jwks.publish(later);
            Thread.sleep(refetchInterval.toMillis() + 300);
            assertThat(verifier.verify(laterToken).userId()).isEqualTo(Tokens.USER_ID);
            assertThat(jwks.fetches()).as("a new window allows the next refetch").isEqualTo(3);
        }
    }
}
