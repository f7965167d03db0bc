package com.eventplanner.security;

import com.eventplanner.security.InvalidTokenException.Reason;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

import java.net.MalformedURLException;
import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies access tokens issued by auth-service (ES256 or RS256, keys from a JWKS) and turns their claims into an
 * {@link AuthenticatedUser}. Thread-safe; build one per process and share it. Used unchanged by Fargate services,
 * Lambda handlers and auth-service itself (with an in-memory {@link JWKSet}).
 * <p>
 * The keys come through a nimbus {@link JWKSource} (cache, refetch on unknown kids, rate limit); the token itself is
 * checked here rather than by nimbus's generic processor, which builds JSON maps, converts the JWK into a JCA key and
 * looks up a {@code Signature} on every call: together more than the RSA check itself.
 */
public final class JwtVerifier {

    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256);
    static final String SESSION_CLAIM = "sid";
    static final String ROLES_CLAIM = "roles";
    static final String EMAIL_CLAIM = "email";
    static final String NAME_CLAIM = "name";
    /** RFC 9068 access tokens may say typ "at+jwt"; older issuers say "JWT" or nothing (compared ignoring case). */
    private static final Set<String> TYPES = Set.of("jwt", "at+jwt");

    private final VerificationKeys keys;
    private final String issuer;
    private final String audience;
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
        this.keys = new VerificationKeys(keys);
        this.issuer = issuer;
        this.audience = audience;
        this.sessionCheck = sessionCheck;
        this.maxClockSkewMillis = clockSkew.toMillis();
        this.verifiedCacheSize = verifiedCacheSize;
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
            Verified checked = check(token);
            user = checked.user();
            remember(token, checked);
        }
        checkSession(user.sessionId());
        return user;
    }

    /**
     * Cheapest first: header, then the claims (a token that is expired or meant for someone else costs no key lookup,
     * no JWKS refetch and no signature check), then the key and the signature. Every check only ever rejects, so the
     * order changes which reason a forged token gets, never whether it passes.
     */
    private Verified check(String token) {
        CompactJws jws = CompactJws.parse(token);
        TokenJson.Header header = TokenJson.header(jws.header());
        JWSAlgorithm alg = algorithm(header);
        TokenJson.Claims claims = TokenJson.claims(jws.payload());
        AuthenticatedUser user = toUser(claims);
        for (PublicKey key : keys.forToken(alg, header.kid())) {
            if (VerificationKeys.verify(alg, key, jws.ascii(), jws.signingInputLength(), jws.signature())) {
                return new Verified(user, claims.exp() + maxClockSkewMillis);
            }
        }
        throw new InvalidTokenException(Reason.BAD_SIGNATURE, "invalid signature");
    }

    private static JWSAlgorithm algorithm(TokenJson.Header header) {
        JWSAlgorithm alg = JWSAlgorithm.parse(header.alg());
        if (!ALGORITHMS.contains(alg)) {
            // alg none, HS256 keyed with the public key, and everything else
            throw new InvalidTokenException(Reason.UNSUPPORTED_ALGORITHM, "algorithm " + alg + " rejected");
        }
        if (header.hasCrit()) {
            // RFC 7515 section 4.1.11: a critical extension that is not understood makes the JWS invalid
            throw new InvalidTokenException(Reason.MALFORMED, "critical header extensions are not supported");
        }
        if (header.typ() != null && !TYPES.contains(header.typ().toLowerCase(Locale.ROOT))) {
            throw new InvalidTokenException(Reason.INVALID_CLAIMS, "typ " + header.typ() + " is not an access token");
        }
        if (header.kid() == null || header.kid().isBlank()) {
            throw new InvalidTokenException(Reason.UNKNOWN_KEY, "token has no kid");
        }
        return alg;
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

    private void remember(String token, Verified checked) {
        if (verifiedCacheSize <= 0) {
            return;
        }
        if (verified.size() >= verifiedCacheSize) {
            // crude but bounded: dropping everything costs one signature check per active token
            verified.clear();
        }
        verified.put(token, checked);
    }

    /** Every check of nimbus's claims verifier as configured before, plus the claims this system requires. */
    private AuthenticatedUser toUser(TokenJson.Claims claims) {
        long now = System.currentTimeMillis();
        if (claims.aud() == null || !claims.aud().contains(audience)) {
            throw new InvalidTokenException(Reason.INVALID_CLAIMS, "aud does not name " + audience);
        }
        if (!issuer.equals(claims.iss())) {
            throw new InvalidTokenException(Reason.INVALID_CLAIMS, "iss is not " + issuer);
        }
        if (claims.exp() == null || claims.iat() == null) {
            throw new InvalidTokenException(Reason.INVALID_CLAIMS, "claim exp or iat missing");
        }
        if (claims.exp() + maxClockSkewMillis <= now) {
            throw new InvalidTokenException(Reason.EXPIRED, "token expired");
        }
        if (claims.nbf() != null && claims.nbf() - maxClockSkewMillis >= now) {
            throw new InvalidTokenException(Reason.INVALID_CLAIMS, "token not yet valid");
        }
        if (claims.iat() > now + maxClockSkewMillis) {
            throw new InvalidTokenException(Reason.INVALID_CLAIMS, "iat in the future");
        }
        requireText(claims.jti(), "jti");
        UUID userId;
        try {
            userId = UUID.fromString(requireText(claims.sub(), "sub"));
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException(Reason.INVALID_CLAIMS, "sub is not a user id", e);
        }
        return new AuthenticatedUser(userId, requireText(claims.email(), EMAIL_CLAIM), claims.name(),
                roles(claims.roles()), requireText(claims.sid(), SESSION_CLAIM));
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
