package com.eventplanner.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * The current signing key plus every published public key (current and previous). The key type picks the algorithm:
 * an RSA key of at least 2048 bits signs RS256 (the default, generated locally: verifiers check it several times
 * faster on JDK 17), a P-256 EC key signs ES256.
 */
public final class SigningKeys {

    private static final String HMAC = "HmacSHA256";

    private final String keyId;
    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;
    private final JWKSet publicKeys;
    private final SecretKeySpec derivationKey;

    public SigningKeys(JWKSet privateKeys) {
        List<JWK> keys = privateKeys.getKeys();
        if (keys.isEmpty() || !keys.get(0).isPrivate() || keys.get(0).getKeyID() == null) {
            throw new IllegalStateException("the first key of the signing key set must be a private key with a kid");
        }
        JWK current = keys.get(0);
        try {
            if (current instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
                this.algorithm = JWSAlgorithm.ES256;
                this.signer = new ECDSASigner(ec);
            } else if (current instanceof RSAKey rsa && rsa.size() >= 2048) {
                this.algorithm = JWSAlgorithm.RS256;
                this.signer = new RSASSASigner(rsa);
            } else {
                throw new IllegalStateException("the signing key must be EC P-256 or RSA of at least 2048 bits");
            }
        } catch (JOSEException e) {
            throw new IllegalStateException("unusable signing key", e);
        }
        this.keyId = current.getKeyID();
        this.publicKeys = privateKeys.toPublicJWKSet();
        try {
            this.derivationKey = new SecretKeySpec(((AsymmetricJWK) current).toPrivateKey().getEncoded(), HMAC);
        } catch (JOSEException e) {
            throw new IllegalStateException("unusable signing key", e);
        }
    }

    /**
     * A 256-bit secret for another purpose, derived from the current private key (HMAC-SHA256 keyed with its PKCS#8
     * encoding, the purpose as the message: HKDF's extract step). Every task of an environment gets the same secret
     * with nothing more to provision or leak, and distinct purposes get unrelated keys. It changes when the signing
     * key is rotated, so whatever it protects must be short-lived (OTP codes: 5 minutes).
     */
    public SecretKey derive(String purpose) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(derivationKey);
            return new SecretKeySpec(mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)), HMAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    String currentKeyId() {
        return keyId;
    }

    JWSAlgorithm algorithm() {
        return algorithm;
    }

    JWSSigner signer() {
        return signer;
    }

    /** Public halves only: what JWKS publishes and what verification uses. */
    public JWKSet publicKeys() {
        return publicKeys;
    }
}
