package com.eventplanner.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.eventplanner.security.JwtVerifier;
import com.eventplanner.security.Role;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;

class SigningKeysTest {

    @Test
    void ecKeySignsEs256AndRsaKeySignsRs256BothAcceptedByTheSharedVerifier() throws Exception {
        JWKSet ec = new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("ec").generate());
        JWKSet rsa = new JWKSet(new RSAKeyGenerator(2048).keyID("rsa").generate());
        assertThat(algorithmOf(issue(ec))).isEqualTo(JWSAlgorithm.ES256);
        assertThat(algorithmOf(issue(rsa))).isEqualTo(JWSAlgorithm.RS256);
        for (JWKSet keys : new JWKSet[] {ec, rsa}) {
            JwtVerifier verifier = JwtVerifier.builder("iss", "aud").jwkSet(keys).build();
            assertThat(verifier.verify(issue(keys)).email()).isEqualTo("k@example.com");
        }
    }

    @Test
    void weakOrPublicOnlyKeysAreRefused() throws Exception {
        assertThatThrownBy(() -> new SigningKeys(new JWKSet(new RSAKeyGenerator(1024, true).keyID("weak").generate())))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SigningKeys(new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("pub").generate()
                .toPublicJWK()))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SigningKeys(new JWKSet(new ECKeyGenerator(Curve.P_384).keyID("p384").generate())))
                .isInstanceOf(IllegalStateException.class);
    }

    private static String issue(JWKSet keys) {
        return new AccessTokenIssuer(new SigningKeys(keys), "iss", "aud", Duration.ofMinutes(15), Clock.systemUTC())
                .issue(UUID.randomUUID(), "k@example.com", "K", EnumSet.of(Role.ATTENDEE), UUID.randomUUID().toString());
    }

    private static JWSAlgorithm algorithmOf(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getAlgorithm();
    }
}
