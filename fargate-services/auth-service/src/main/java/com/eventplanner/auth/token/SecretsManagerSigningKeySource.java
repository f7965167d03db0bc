package com.eventplanner.auth.token;

import java.text.ParseException;
import java.util.function.Supplier;

import com.nimbusds.jose.jwk.JWKSet;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * AWS: the secret's string is a JWK Set (current key first, previous keys after it). Rotation writes a new version of
 * the secret with a new key prepended; tasks pick it up when they restart. The keys are read once at startup, so the
 * client lives only for that call.
 */
final class SecretsManagerSigningKeySource implements SigningKeySource {

    private final Supplier<SecretsManagerClient> clients;
    private final String secretId;

    SecretsManagerSigningKeySource(Supplier<SecretsManagerClient> clients, String secretId) {
        this.clients = clients;
        this.secretId = secretId;
    }

    @Override
    public JWKSet load() {
        String secret;
        try (SecretsManagerClient client = clients.get()) {
            secret = client.getSecretValue(request -> request.secretId(secretId)).secretString();
        }
        try {
            return JWKSet.parse(secret);
        } catch (ParseException e) {
            throw new IllegalStateException("secret " + secretId + " is not a JWK Set", e);
        }
    }
}
