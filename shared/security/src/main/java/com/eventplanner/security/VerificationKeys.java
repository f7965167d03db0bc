package com.eventplanner.security;

import com.eventplanner.security.InvalidTokenException.Reason;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;

/**
 * The public keys a token may be checked with, and the check itself. The key source is asked on every call, so its
 * cache, refetch on unknown kids and rate limit decide which keys are current (a key dropped from the JWKS stops
 * working when the source drops it); only the conversion of a JWK into a JCA key is remembered, per JWK instance.
 * {@link Signature} objects are reused per thread: getInstance is a provider lookup on every call.
 */
final class VerificationKeys {

    private static final ThreadLocal<Signature> RS256 = ThreadLocal.withInitial(() -> signature("SHA256withRSA"));
    // JWS carries ECDSA signatures as R || S (IEEE P1363), not DER
    private static final ThreadLocal<Signature> ES256 =
            ThreadLocal.withInitial(() -> signature("SHA256withECDSAinP1363Format"));
    /** More distinct keys than a rotating JWKS ever holds; past it the conversions are simply redone. */
    private static final int MAX_CONVERTED = 16;

    private record Converted(JWK jwk, PublicKey key) {
    }

    private final JWKSource<SecurityContext> source;
    private volatile List<Converted> converted = List.of();

    VerificationKeys(JWKSource<SecurityContext> source) {
        this.source = source;
    }

    /** Keys published under {@code kid} for {@code alg} (RS256 or ES256); the same matching rules as nimbus applies. */
    List<PublicKey> forToken(JWSAlgorithm alg, String kid) {
        JWKMatcher matcher = new JWKMatcher.Builder()
                .keyType(KeyType.forAlgorithm(alg))
                .keyID(kid)
                .keyUses(KeyUse.SIGNATURE, null)
                .algorithms(alg, null)
                .build();
        List<JWK> matches;
        try {
            matches = source.get(new JWKSelector(matcher), null);
        } catch (RateLimitReachedException e) {
            throw new InvalidTokenException(Reason.UNKNOWN_KEY, "no key for kid " + kid + " (JWKS refetch rate-limited)", e);
        } catch (KeySourceException e) {
            throw new InvalidTokenException(Reason.VERIFICATION_UNAVAILABLE, "JWKS unavailable", e);
        }
        List<PublicKey> keys = new ArrayList<>(matches.size());
        for (JWK jwk : matches) {
            PublicKey key = publicKey(jwk, alg);
            if (key != null) {
                keys.add(key);
            }
        }
        if (keys.isEmpty()) {
            throw new InvalidTokenException(Reason.UNKNOWN_KEY, "no key for kid " + kid);
        }
        return keys;
    }

    static boolean verify(JWSAlgorithm alg, PublicKey key, byte[] signingInput, int length, byte[] signature) {
        try {
            Signature verifier;
            if (JWSAlgorithm.ES256.equals(alg)) {
                // rejects r or s of zero or out of range whatever the JDK does (CVE-2022-21449)
                ECDSA.ensureLegalSignature(signature, alg);
                verifier = ES256.get();
            } else {
                verifier = RS256.get();
            }
            verifier.initVerify(key);
            verifier.update(signingInput, 0, length);
            return verifier.verify(signature);
        } catch (JOSEException | GeneralSecurityException e) {
            return false;
        }
    }

    private PublicKey publicKey(JWK jwk, JWSAlgorithm alg) {
        for (Converted known : converted) {
            if (known.jwk() == jwk) {
                return known.key();
            }
        }
        PublicKey key = convert(jwk, alg);
        if (key != null) {
            List<Converted> next = new ArrayList<>(converted.size() < MAX_CONVERTED ? converted : List.of());
            next.add(new Converted(jwk, key));
            converted = List.copyOf(next);
        }
        return key;
    }

    private static PublicKey convert(JWK jwk, JWSAlgorithm alg) {
        try {
            if (jwk instanceof RSAKey rsa && JWSAlgorithm.RS256.equals(alg)) {
                return rsa.toRSAPublicKey();
            }
            if (jwk instanceof ECKey ec && JWSAlgorithm.ES256.equals(alg) && Curve.P_256.equals(ec.getCurve())) {
                return ec.toECPublicKey();
            }
            return null;
        } catch (JOSEException e) {
            return null;
        }
    }

    private static Signature signature(String algorithm) {
        try {
            return Signature.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
