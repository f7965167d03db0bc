package com.eventplanner.auth;

import static com.eventplanner.auth.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.eventplanner.auth.token.SigningKeySource;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * Forged and altered access tokens against {@code /me}. Each forgery starts from the claims of a real, live session,
 * and the unaltered re-signed token is shown to pass, so every rejection is caused by the one thing changed.
 */
class TokenAttackTest extends AuthApiTest {

    @Autowired
    SigningKeySource keySource;

    RSAKey signingKey;
    String realToken;
    JWTClaimsSet realClaims;

    @BeforeEach
    void liveSession() throws Exception {
        signingKey = (RSAKey) keySource.load().getKeys().get(0);
        realToken = newSession(uniqueEmail("attack")).text("accessToken");
        realClaims = SignedJWT.parse(realToken).getJWTClaimsSet();
    }

    @Test
    void reSignedCopyOfARealTokenIsAccepted() throws Exception {
        assertThat(me(signed(realClaims, signingKey)).status()).isEqualTo(200);
        assertThat(me(realToken).status()).isEqualTo(200);
    }

    @Test
    void algNoneIsRejected() {
        String unsigned = new PlainJWT(new PlainHeader(), realClaims).serialize();
        assertRejected(unsigned);
        // the real header with alg swapped to none and the signature dropped
        String[] parts = realToken.split("\\.");
        String noneHeader = b64("{\"alg\":\"none\",\"kid\":\"" + signingKey.getKeyID() + "\",\"typ\":\"JWT\"}");
        assertRejected(noneHeader + "." + parts[1] + ".");
    }

    @Test
    void hs256SignedWithThePublicKeyIsRejected() throws Exception {
        byte[] publicKeyAsSecret = signingKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT confused = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(signingKey.getKeyID()).build(), realClaims);
        confused.sign(new MACSigner(publicKeyAsSecret));
        assertRejected(confused.serialize());
        SignedJWT withEncodedKey = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(signingKey.getKeyID()).build(), realClaims);
        withEncodedKey.sign(new MACSigner(signingKey.toRSAPublicKey().getEncoded()));
        assertRejected(withEncodedKey.serialize());
    }

    @Test
    void expiredTokenIsRejected() throws Exception {
        Instant past = Instant.now().minusSeconds(3600);
        assertRejected(signed(with(b -> b.issueTime(Date.from(past.minusSeconds(900))).expirationTime(Date.from(past))),
                signingKey));
    }

    @Test
    void wrongIssuerOrAudienceIsRejected() throws Exception {
        assertRejected(signed(with(b -> b.issuer("https://evil.example")), signingKey));
        assertRejected(signed(with(b -> b.audience("some-other-api")), signingKey));
        assertRejected(signed(with(b -> b.audience(List.of())), signingKey));
    }

    @Test
    void tamperedPayloadIsRejected() throws Exception {
        String[] parts = realToken.split("\\.");
        JWTClaimsSet escalated = with(b -> b.claim("roles", List.of("ATTENDEE", "ADMIN")));
        String tampered = parts[0] + "." + b64(escalated.toString()) + "." + parts[2];
        assertRejected(tampered);
    }

    @Test
    void unknownKidIsRejected() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("not-a-published-key").generate();
        assertRejected(signed(realClaims, stranger));
        // a stranger's key under the real kid fails the signature check instead
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(signingKey.getKeyID()).generate();
        assertRejected(signed(realClaims, impostor));
    }

    @Test
    void garbageIsRejected() {
        assertRejected("not.a.jwt");
        assertRejected("x");
    }

    private Api.Response me(String token) {
        return api.get("/api/auth/me", bearer(token));
    }

    private void assertRejected(String token) {
        Api.Response response = me(token);
        assertProblem(response, 401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
    }

    private JWTClaimsSet with(UnaryOperator<JWTClaimsSet.Builder> change) {
        return change.apply(new JWTClaimsSet.Builder(realClaims)).build();
    }

    private static String signed(JWTClaimsSet claims, RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        JWSSigner signer = new RSASSASigner(key);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
