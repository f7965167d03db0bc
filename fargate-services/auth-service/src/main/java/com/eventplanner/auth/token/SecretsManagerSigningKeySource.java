package com.eventplanner.auth.token;

import java.text.ParseException;
import java.util.function.Supplier;

import com.nimbusds.jose.jwk.JWKSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * AWS: the secret's string is a JWK Set (current key first, previous keys after it). Rotation writes a new version of
 * the secret with a new key prepended; tasks pick it up when they restart. The keys are read once at startup, so the
 * client lives only for that call.
 */
final class SecretsManagerSigningKeySource implements SigningKeySource {

    private static final Logger log = LoggerFactory.getLogger(SecretsManagerSigningKeySource.class);
    private static final String INITIAL_VERSION = "eventplanner-initial-signing-key-0001";

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
            secret = currentValue(client);
            if (secret == null) {
                secret = initialise(client);
            }
        }
        try {
            return JWKSet.parse(secret);
        } catch (ParseException e) {
            throw new IllegalStateException("secret " + secretId + " is not a JWK Set", e);
        }
    }

    /** The template creates the secret without a value (CloudFormation cannot make a JWK): null until a key exists. */
    private String currentValue(SecretsManagerClient client) {
        try {
            return client.getSecretValue(request -> request.secretId(secretId)).secretString();
        } catch (ResourceNotFoundException noValueYet) {
            return null;
        }
    }

    /**
     * The first task to start stores a generated key. The fixed request token makes the write idempotent: a second
     * task racing with another value is refused and reads the winner's key instead.
     */
    private String initialise(SecretsManagerClient client) {
        String generated = new JWKSet(LocalFileSigningKeySource.generate()).toString(false);
        try {
            client.putSecretValue(request -> request.secretId(secretId).clientRequestToken(INITIAL_VERSION)
                    .secretString(generated));
            log.info("stored a new signing key in secret {}", secretId);
            return generated;
        } catch (ResourceExistsException raced) {
            return client.getSecretValue(request -> request.secretId(secretId)).secretString();
        }
    }
}
