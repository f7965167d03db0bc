package com.eventplanner.security;

import com.eventplanner.security.InvalidTokenException.Reason;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies access tokens issued by auth-service (ES256 or RS256, keys from a JWKS) and turns their claims into an
 * {@link AuthenticatedUser}. Thread-safe; build one per process and share it. Used unchanged by Fargate services,
 * Lambda handlers and auth-service itself (with an in-memory {@link JWKSet}).
 */
public final class JwtVerifier {

    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256);
    static final String SESSION_CLAIM = "sid";
    static final String ROLES_CLAIM = "roles";
    static final String EMAIL_CLAIM = "email";

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final SessionCheck sessionCheck;
    private final long maxClockSkewMillis;
    private final int verifiedCacheSize;
    /**
     * Tokens already verified, keyed by the exact token text, until they expire. A client presents the same token for
     * up to 15 minutes, and an ES256 check costs about a millisecond on JDK 17; the session check still runs on
     * every call, so a logout is not delayed by this cache.
     */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(AuthenticatedUser user, long validUntilMillis) {
    }

    private JwtVerifier(JWKSource<SecurityContext> keys, String issuer, String audience, Duration clockSkew,
                        SessionCheck sessionCheck, int verifiedCacheSize) {
        this.sessionCheck = sessionCheck;
        this.maxClockSkewMillis = clockSkew.toMillis();
        this.verifiedCacheSize = verifiedCacheSize;
        DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier = new DefaultJWTClaimsVerifier<>(
                Set.of(audience),
                new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of(JWTClaimNames.SUBJECT, JWTClaimNames.EXPIRATION_TIME, JWTClaimNames.ISSUED_AT,
                        JWTClaimNames.JWT_ID, SESSION_CLAIM, ROLES_CLAIM, EMAIL_CLAIM),
                Set.of());
        claimsVerifier.setMaxClockSkew((int) clockSkew.toSeconds());
        processor = new DefaultJWTProcessor<>();
        // RFC 9068 access tokens may say typ "at+jwt"; older issuers say "JWT" or nothing
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        processor.setJWTClaimsSetVerifier(claimsVerifier);
    }

    /** Verifier against the JWKS at {@code jwksUrl}, with the default cache, refetch rate limit and clock skew. */
    public static JwtVerifier forJwksUrl(URI jwksUrl, String issuer, String audience, SessionCheck sessionCheck) {
        return builder(issuer, audience).jwksUrl(jwksUrl).sessionCheck(sessionCheck).build();
    }

    public static Builder builder(String issuer, String audience) {
        return new Builder(issuer, audience);
    }

    /** Verifies the token of an {@code Authorization} header value. */
    public AuthenticatedUser verifyAuthorizationHeader(String authorizationHeader) {
        return verify(BearerToken.from(authorizationHeader).value());
    }

    /**
     * @param token a compact JWS
     * @return the principal it names
     * @throws InvalidTokenException if the token is missing, forged, expired, meant for someone else or revoked
     */
    public AuthenticatedUser verify(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException(Reason.MISSING, "no token");
        }
        if (token.length() > BearerToken.MAX_LENGTH) {
            throw new InvalidTokenException(Reason.MALFORMED, "token too long");
        }
        AuthenticatedUser user = cached(token);
        if (user == null) {
            JWTClaimsSet claims = process(parse(token));
            user = toUser(claims);
            remember(token, user, claims.getExpirationTime().getTime() + maxClockSkewMillis);
        }
        checkSession(user.sessionId());
        return user;
    }

    private AuthenticatedUser cached(String token) {
        Verified hit = verified.get(token);
        if (hit == null) {
            return null;
        }
        if (hit.validUntilMillis() > System.currentTimeMillis()) {
            return hit.user();
        }
        verified.remove(token);
        return null;
    }

    private void remember(String token, AuthenticatedUser user, long validUntilMillis) {
        if (verifiedCacheSize <= 0) {
            return;
        }
        if (verified.size() >= verifiedCacheSize) {
            // crude but bounded: dropping everything costs one signature check per active token
            verified.clear();
        }
        verified.put(token, new Verified(user, validUntilMillis));
    }

    private static SignedJWT parse(String token) {
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException(Reason.MALFORMED, "token is not a JWT", e);
        }
        if (!(parsed instanceof SignedJWT jwt)) {
            // alg none (PlainJWT) or an encrypted token: never accepted as an access token
            throw new InvalidTokenException(Reason.UNSUPPORTED_ALGORITHM, "unsigned token rejected");
        }
        JWSHeader header = jwt.getHeader();
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw new InvalidTokenException(Reason.UNSUPPORTED_ALGORITHM, "algorithm " + header.getAlgorithm() + " rejected");
        }
        if (header.getKeyID() == null || header.getKeyID().isBlank()) {
            throw new InvalidTokenException(Reason.UNKNOWN_KEY, "token has no kid");
        }
        return jwt;
    }

    private JWTClaimsSet process(SignedJWT jwt) {
        try {
            return processor.process(jwt, null);
        } catch (ExpiredJWTException e) {
            throw new InvalidTokenException(Reason.EXPIRED, "token expired", e);
        } catch (BadJWTException e) {
            throw new InvalidTokenException(Reason.INVALID_CLAIMS, e.getMessage(), e);
        } catch (BadJWSException e) {
            throw new InvalidTokenException(Reason.BAD_SIGNATURE, "invalid signature", e);
        } catch (BadJOSEException e) {
            // the key selector found no key for this kid and algorithm, even after refetching the JWKS
            throw new InvalidTokenException(Reason.UNKNOWN_KEY, "no key for kid " + jwt.getHeader().getKeyID(), e);
        } catch (RateLimitReachedException e) {
            throw new InvalidTokenException(Reason.UNKNOWN_KEY,
                    "no key for kid " + jwt.getHeader().getKeyID() + " (JWKS refetch rate-limited)", e);
        } catch (KeySourceException e) {
            throw new InvalidTokenException(Reason.VERIFICATION_UNAVAILABLE, "JWKS unavailable", e);
        } catch (JOSEException e) {
            throw new InvalidTokenException(Reason.BAD_SIGNATURE, "signature could not be verified", e);
        }
    }

    private AuthenticatedUser toUser(JWTClaimsSet claims) {
        try {
            Date issuedAt = claims.getIssueTime();
            if (issuedAt.getTime() > System.currentTimeMillis() + maxClockSkewMillis) {
                throw new InvalidTokenException(Reason.INVALID_CLAIMS, "iat in the future");
            }
            UUID userId = UUID.fromString(claims.getSubject());
            String email = requireText(claims.getStringClaim(EMAIL_CLAIM), EMAIL_CLAIM);
            String sessionId = requireText(claims.getStringClaim(SESSION_CLAIM), SESSION_CLAIM);
            requireText(claims.getJWTID(), JWTClaimNames.JWT_ID);
            return new AuthenticatedUser(userId, email, roles(claims.getStringListClaim(ROLES_CLAIM)), sessionId);
        } catch (ParseException | IllegalArgumentException e) {
            throw new InvalidTokenException(Reason.INVALID_CLAIMS, "claim has the wrong type: " + e.getMessage(), e);
        }
    }

    private static String requireText(String value, String claim) {
        if (value == null || value.isBlank()) {
            throw new InvalidTokenException(Reason.INVALID_CLAIMS, "claim " + claim + " is empty");
        }
        return value;
    }

    /** Unknown role names are ignored rather than fatal, so auth-service can add a role before every reader knows it. */
    private static Set<Role> roles(List<String> names) {
        if (names == null) {
            throw new InvalidTokenException(Reason.INVALID_CLAIMS, "claim roles missing");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            for (Role role : Role.values()) {
                if (role.name().equals(name)) {
                    roles.add(role);
                }
            }
        }
        return roles;
    }

    private void checkSession(String sessionId) {
        if (sessionCheck == null) {
            return;
        }
        boolean active;
        try {
            active = sessionCheck.isActive(sessionId);
        } catch (RuntimeException e) {
            // fail closed: a token whose session cannot be checked might belong to a logged-out user
            throw new InvalidTokenException(Reason.VERIFICATION_UNAVAILABLE, "session store unavailable", e);
        }
        if (!active) {
            throw new InvalidTokenException(Reason.SESSION_REVOKED, "session ended");
        }
    }

    /** Configures where keys come from and how strict the checks are. */
    public static final class Builder {

        private final String issuer;
        private final String audience;
        private JWKSource<SecurityContext> keys;
        private Duration clockSkew = Duration.ofSeconds(30);
        private Duration jwksCacheTtl = Duration.ofMinutes(5);
        private Duration jwksRefetchInterval = Duration.ofSeconds(30);
        private Duration jwksTimeout = Duration.ofSeconds(2);
        private SessionCheck sessionCheck;
        private URI remoteUrl;
        private int verifiedCacheSize = 4096;

        private Builder(String issuer, String audience) {
            this.issuer = requireNonBlank(issuer, "issuer");
            this.audience = requireNonBlank(audience, "audience");
        }

        /** Keys from a remote JWKS, fetched lazily, cached, refetched (rate-limited) when an unknown kid shows up. */
        public Builder jwksUrl(URI jwksUrl) {
            Objects.requireNonNull(jwksUrl, "jwksUrl");
            this.keys = null;
            this.remoteUrl = jwksUrl;
            return this;
        }

        /** Keys held in memory: tests, and auth-service verifying the tokens it signed. */
        public Builder jwkSet(JWKSet jwkSet) {
            this.keys = new ImmutableJWKSet<>(jwkSet.toPublicJWKSet());
            this.remoteUrl = null;
            return this;
        }

        /** Any nimbus key source, e.g. one that reads a rotating local key store. */
        public Builder jwkSource(JWKSource<SecurityContext> source) {
            this.keys = Objects.requireNonNull(source, "source");
            this.remoteUrl = null;
            return this;
        }

        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
            return this;
        }

        /** How long a fetched JWKS is used before it is fetched again. */
        public Builder jwksCacheTtl(Duration ttl) {
            this.jwksCacheTtl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /** Within this interval at most one extra fetch is made for unknown kids, so forged kids cannot flood auth-service. */
        public Builder jwksRefetchInterval(Duration interval) {
            this.jwksRefetchInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** Connect and read timeout of a JWKS fetch. */
        public Builder jwksTimeout(Duration timeout) {
            this.jwksTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Optional; null means sessions are not checked (the token alone decides until it expires). */
        public Builder sessionCheck(SessionCheck sessionCheck) {
            this.sessionCheck = sessionCheck;
            return this;
        }

        /**
         * How many verified tokens to remember until they expire (0 turns this off). A key removed from the JWKS stops
         * new tokens at once but leaves already verified ones valid until their exp, at most 15 minutes.
         */
        public Builder verifiedTokenCacheSize(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("size must not be negative");
            }
            this.verifiedCacheSize = size;
            return this;
        }

        public JwtVerifier build() {
            JWKSource<SecurityContext> source = keys != null ? keys : remote();
            return new JwtVerifier(source, issuer, audience, clockSkew, sessionCheck, verifiedCacheSize);
        }

        private JWKSource<SecurityContext> remote() {
            if (remoteUrl == null) {
                throw new IllegalStateException("no keys configured: call jwksUrl, jwkSet or jwkSource");
            }
            int timeout = (int) jwksTimeout.toMillis();
            try {
                return JWKSourceBuilder.<SecurityContext>create(remoteUrl.toURL(),
                                new DefaultResourceRetriever(timeout, timeout, JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT))
                        .cache(jwksCacheTtl.toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                        .rateLimited(jwksRefetchInterval.toMillis())
                        .retrying(true)
                        // keep verifying with the last good keys if auth-service is briefly unreachable
                        .outageTolerant(true)
                        .build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid JWKS URL: " + remoteUrl, e);
            }
        }

        private static String requireNonBlank(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
