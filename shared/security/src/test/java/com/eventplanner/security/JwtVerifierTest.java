package com.eventplanner.security;

import com.eventplanner.security.InvalidTokenException.Reason;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.net.URI;
import java.security.Signature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtVerifierTest {

    private static final ECKey EC = Tokens.ecKey("ec-1");
    private static final RSAKey RSA = Tokens.rsaKey("rsa-1");

    private static JwksServer jwks;
    private static JwtVerifier verifier;

    @BeforeAll
    static void startJwks() throws Exception {
        jwks = new JwksServer(EC, RSA);
        verifier = JwtVerifier.builder(Tokens.ISSUER, Tokens.AUDIENCE).jwksUrl(jwks.url()).build();
    }

    @AfterAll
    static void stopJwks() {
        jwks.close();
    }

    @Test
    void es256TokenFromTheJwksIsAccepted() {
        AuthenticatedUser user = verifier.verify(Tokens.sign(EC));

        assertThat(user.userId()).isEqualTo(Tokens.USER_ID);
        assertThat(user.email()).isEqualTo("ada@example.com");
        assertThat(user.name()).isEqualTo("ada");
        assertThat(user.sessionId()).isEqualTo("session-1");
        assertThat(user.roles()).containsExactlyInAnyOrder(Role.ATTENDEE, Role.ORGANIZER);
        assertThat(user.hasRole(Role.ORGANIZER)).isTrue();
        assertThat(user.isAdmin()).isFalse();
    }

    @Test
    void rs256TokenFromTheJwksIsAccepted() {
        AuthenticatedUser user = verifier.verifyAuthorizationHeader("Bearer " + Tokens.sign(RSA));

        assertThat(user.userId()).isEqualTo(Tokens.USER_ID);
    }

    @Test
    void theNameClaimIsTheDisplayName() {
        AuthenticatedUser user = verifier.verify(Tokens.sign(RSA, Tokens.claims().claim("name", "Ada Lovelace").build()));

        assertThat(user.name()).isEqualTo("Ada Lovelace");
    }

    @Test
    void unknownRoleNamesAreIgnoredNotGranted() {
        String token = Tokens.sign(EC, Tokens.claims().claim("roles", List.of("ADMIN", "SUPERUSER")).build());

        assertThat(verifier.verify(token).roles()).containsExactly(Role.ADMIN);
    }

    @Test
    void algNoneIsRejected() {
        JWTClaimsSet claims = Tokens.claims().claim("roles", List.of("ADMIN")).build();
        String header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"ec-1\"}").toString();
        String token = header + "." + Base64URL.encode(claims.toString()) + ".";

        assertRejected(token, Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void hs256SignedWithThePublicKeyIsRejected() throws Exception {
        // the classic key-confusion attack: HMAC keyed with bytes anyone can download from the JWKS
        byte[] publicKey = RSA.toPublicKey().getEncoded();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
                Tokens.claims().claim("roles", List.of("ADMIN")).build());
        forged.sign(new MACSigner(publicKey));

        assertRejected(forged.serialize(), Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void expiredTokenIsRejected() {
        Instant past = Instant.now().minusSeconds(3600);
        String token = Tokens.sign(EC, Tokens.claims()
                .issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(900))).build());

        assertRejected(token, Reason.EXPIRED);
    }

    @Test
    void tokenExpiredWithinTheClockSkewIsStillAccepted() {
        String token = Tokens.sign(EC, Tokens.claims()
                .expirationTime(Date.from(Instant.now().minusSeconds(5))).build());

        assertThat(verifier.verify(token).userId()).isEqualTo(Tokens.USER_ID);
    }

    @Test
    void tokenIssuedInTheFutureIsRejected() {
        Instant later = Instant.now().plusSeconds(600);
        String token = Tokens.sign(EC, Tokens.claims()
                .issueTime(Date.from(later)).expirationTime(Date.from(later.plusSeconds(900))).build());

        assertRejected(token, Reason.INVALID_CLAIMS);
    }

    @Test
    void wrongIssuerIsRejected() {
        assertRejected(Tokens.sign(EC, Tokens.claims().issuer("https://evil.example").build()), Reason.INVALID_CLAIMS);
    }

    @Test
    void wrongAudienceIsRejected() {
        assertRejected(Tokens.sign(EC, Tokens.claims().audience("other-app").build()), Reason.INVALID_CLAIMS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sub", "sid", "roles", "email", "exp", "iat", "jti", "iss", "aud"})
    void everyRequiredClaimMustBePresent(String claim) {
        JWTClaimsSet full = Tokens.claims().build();
        JWTClaimsSet.Builder without = new JWTClaimsSet.Builder();
        full.getClaims().forEach((name, value) -> {
            if (!name.equals(claim)) {
                without.claim(name, value);
            }
        });

        assertRejected(Tokens.sign(EC, without.build()), Reason.INVALID_CLAIMS);
    }

    @Test
    void subjectMustBeAUserId() {
        assertRejected(Tokens.sign(EC, Tokens.claims().subject("admin").build()), Reason.INVALID_CLAIMS);
    }

    @Test
    void rolesMustBeAList() {
        assertRejected(Tokens.sign(EC, Tokens.claims().claim("roles", 42).build()), Reason.INVALID_CLAIMS);
    }

    @Test
    void tamperedPayloadIsRejected() {
        String[] parts = Tokens.sign(EC).split("\\.");
        String escalated = Tokens.claims().claim("roles", List.of("ADMIN")).build().toString();
        String token = parts[0] + "." + Base64URL.encode(escalated.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertRejected(token, Reason.BAD_SIGNATURE);
    }

    @Test
    void tokenSignedByAnotherKeyUnderAKnownKidIsRejected() {
        assertRejected(Tokens.sign(Tokens.ecKey("ec-1")), Reason.BAD_SIGNATURE);
    }

    @Test
    void unknownKidIsRejected() {
        assertRejected(Tokens.sign(Tokens.ecKey("never-published")), Reason.UNKNOWN_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-a-jwt", "a.b.c", "eyJhbGciOiJFUzI1NiJ9.e30"})
    void garbageIsMalformed(String token) {
        Reason expected = token.isEmpty() ? Reason.MISSING : Reason.MALFORMED;
        assertRejected(token, expected);
    }

    @Test
    void sessionCheckRejectsAnEndedSession() {
        List<String> asked = new ArrayList<>();
        JwtVerifier checking = JwtVerifier.builder(Tokens.ISSUER, Tokens.AUDIENCE)
                .jwkSet(new JWKSet(List.of(EC)))
                .sessionCheck(sessionId -> {
                    asked.add(sessionId);
                    return !sessionId.equals("logged-out");
                })
                .build();

        assertThat(checking.verify(Tokens.sign(EC)).sessionId()).isEqualTo("session-1");
        assertThatThrownBy(() -> checking.verify(Tokens.sign(EC, Tokens.claims().claim("sid", "logged-out").build())))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SESSION_REVOKED));
        assertThat(asked).containsExactly("session-1", "logged-out");
    }

    @Test
    void sessionCheckIsNotAskedAboutForgedTokens() {
        List<String> asked = new ArrayList<>();
        JwtVerifier checking = JwtVerifier.builder(Tokens.ISSUER, Tokens.AUDIENCE)
                .jwkSet(new JWKSet(List.of(EC)))
                .sessionCheck(sessionId -> asked.add(sessionId))
                .build();

        assertThatThrownBy(() -> checking.verify(Tokens.sign(Tokens.ecKey("ec-1"))))
                .isInstanceOf(InvalidTokenException.class);
        assertThat(asked).isEmpty();
    }

    @Test
    void aRepeatedTokenIsStillSubjectToTheSessionCheck() {
        AtomicBoolean active = new AtomicBoolean(true);
        JwtVerifier checking = JwtVerifier.builder(Tokens.ISSUER, Tokens.AUDIENCE)
                .jwkSet(new JWKSet(List.of(EC)))
                .sessionCheck(sessionId -> active.get())
                .build();
        String token = Tokens.sign(EC);

        checking.verify(token);
        checking.verify(token);
        active.set(false);

        assertThatThrownBy(() -> checking.verify(token))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SESSION_REVOKED));
    }

    @Test
    void aRememberedTokenStopsWorkingWhenItExpires() throws Exception {
        JwtVerifier strict = JwtVerifier.builder(Tokens.ISSUER, Tokens.AUDIENCE)
                .jwkSet(new JWKSet(List.of(EC)))
                .clockSkew(Duration.ZERO)
                .build();
        String token = Tokens.sign(EC, Tokens.claims().expirationTime(Date.from(Instant.now().plusMillis(1500))).build());

        strict.verify(token);
        Thread.sleep(2000);

        assertThatThrownBy(() -> strict.verify(token))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
    }

    @Test
    void unreachableSessionStoreFailsClosed() {
        JwtVerifier checking = JwtVerifier.builder(Tokens.ISSUER, Tokens.AUDIENCE)
                .jwkSet(new JWKSet(List.of(EC)))
                .sessionCheck(sessionId -> {
                    throw new IllegalStateException("redis down");
                })
                .build();

        assertThatThrownBy(() -> checking.verify(Tokens.sign(EC)))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.VERIFICATION_UNAVAILABLE));
    }

    @Test
    void inMemoryKeysVerifyWithoutAnyServer() {
        JwtVerifier own = JwtVerifier.builder(Tokens.ISSUER, Tokens.AUDIENCE).jwkSet(new JWKSet(List.of(RSA))).build();

        assertThat(own.verify(Tokens.sign(RSA)).email()).isEqualTo("ada@example.com");
        assertThatThrownBy(() -> own.verify(Tokens.sign(EC))).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void unreachableJwksIsReportedAsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        JwtVerifier offline = JwtVerifier.builder(Tokens.ISSUER, Tokens.AUDIENCE)
                .jwksUrl(URI.create("http://127.0.0.1:" + closedPort + "/jwks.json")).build();

        assertThatThrownBy(() -> offline.verify(Tokens.sign(EC)))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.VERIFICATION_UNAVAILABLE));
    }

    @Test
    void rfc9068TypAndAnAudienceListAreAccepted() throws Exception {
        String header = "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"typ\":\"at+jwt\"}";
        String claims = Tokens.claims().audience(List.of("other-app", Tokens.AUDIENCE)).build().toString();

        assertThat(verifier.verify(signRaw(header, claims)).userId()).isEqualTo(Tokens.USER_ID);
    }

    @Test
    void anotherTypIsRejected() throws Exception {
        String header = "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"typ\":\"dpop+jwt\"}";

        assertRejected(signRaw(header, Tokens.claims().build().toString()), Reason.INVALID_CLAIMS);
    }

    @Test
    void criticalHeaderExtensionsAreRejected() throws Exception {
        String header = "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"crit\":[\"b64\"],\"b64\":false}";

        assertRejected(signRaw(header, Tokens.claims().build().toString()), Reason.MALFORMED);
    }

    @Test
    void aClaimGivenTwiceIsRejectedEvenWhenSigned() throws Exception {
        String claims = Tokens.claims().build().toString();
        String twice = claims.substring(0, claims.length() - 1) + ",\"sub\":\"" + UUID.randomUUID() + "\"}";

        assertRejected(signRaw("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", twice), Reason.MALFORMED);
    }

    @Test
    void notBeforeInTheFutureIsRejected() {
        Instant later = Instant.now().plusSeconds(600);

        assertRejected(Tokens.sign(RSA, Tokens.claims().notBeforeTime(Date.from(later)).build()), Reason.INVALID_CLAIMS);
    }

    @Test
    void encryptedTokenIsRejected() {
        assertRejected("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d", Reason.UNSUPPORTED_ALGORITHM);
    }

    /** Signs exactly the given JSON texts with the published RSA key, to send what no JWT library would build. */
    private static String signRaw(String headerJson, String claimsJson) throws Exception {
        String signingInput = Base64URL.encode(headerJson) + "." + Base64URL.encode(claimsJson);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(RSA.toPrivateKey());
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Base64URL.encode(rsa.sign());
    }

    @Test
    void verifierAcceptsOnlyTheTwoAsymmetricAlgorithms() {
        assertThat(JwtVerifier.ALGORITHMS).isEqualTo(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256));
    }

    private static void assertRejected(String token, Reason reason) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
