package com.eventplanner.auth.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpServer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real SDK client against an endpoint speaking the Secrets Manager JSON protocol: the secret named by
 * AUTH_SIGNING_KEY_SECRET_ID is read once and its first key signs, the others are published as previous keys.
 */
class SecretsManagerSigningKeySourceTest {

    @Test
    void readsCurrentAndPreviousKeysFromTheSecret() throws Exception {
        ECKey current = new ECKeyGenerator(Curve.P_256).keyID("current-" + UUID.randomUUID()).generate();
        ECKey previous = new ECKeyGenerator(Curve.P_256).keyID("previous-" + UUID.randomUUID()).generate();
        String secret = new JWKSet(List.of(current, previous)).toString(false);
        AtomicReference<String> askedFor = new AtomicReference<>();
        JsonMapper json = JsonMapper.builder().build();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            askedFor.set(exchange.getRequestHeaders().getFirst("X-Amz-Target") + " "
                    + json.readTree(exchange.getRequestBody()).path("SecretId").asString());
            byte[] body = json.writeValueAsBytes(Map.of("Name", "auth-signing-key", "SecretString", secret));
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            SigningKeys keys = new SigningKeys(new SecretsManagerSigningKeySource(() -> SecretsManagerClient.builder()
                    .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                    .region(Region.EU_WEST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build(), "eventplanner/auth/signing-key").load());

            assertThat(askedFor.get()).isEqualTo("secretsmanager.GetSecretValue eventplanner/auth/signing-key");
            assertThat(keys.currentKeyId()).isEqualTo(current.getKeyID());
            assertThat(keys.publicKeys().getKeys()).extracting(key -> key.getKeyID())
                    .containsExactly(current.getKeyID(), previous.getKeyID());
            assertThat(keys.publicKeys().getKeys()).noneMatch(key -> key.isPrivate());
            assertThat(new String(keys.publicKeys().toString().getBytes(StandardCharsets.UTF_8))).doesNotContain("\"d\"");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theFirstStartStoresAGeneratedKeyInTheEmptySecretTheTemplateCreated() throws Exception {
        AtomicReference<String> stored = new AtomicReference<>();
        JsonMapper json = JsonMapper.builder().build();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            var request = json.readTree(exchange.getRequestBody());
            byte[] body;
            int status = 200;
            if (target.endsWith("PutSecretValue")) {
                stored.set(request.path("SecretString").asString());
                body = json.writeValueAsBytes(Map.of("Name", "auth-signing-key",
                        "VersionId", request.path("ClientRequestToken").asString()));
            } else if (stored.get() == null) {
                status = 400;
                body = json.writeValueAsBytes(Map.of("__type", "ResourceNotFoundException", "message",
                        "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT"));
            } else {
                body = json.writeValueAsBytes(Map.of("Name", "auth-signing-key", "SecretString", stored.get()));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            SecretsManagerSigningKeySource source = new SecretsManagerSigningKeySource(() -> SecretsManagerClient
                    .builder()
                    .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                    .region(Region.EU_WEST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build(), "eventplanner/auth/signing-key");

            SigningKeys first = new SigningKeys(source.load());
            SigningKeys restarted = new SigningKeys(source.load());

            assertThat(stored.get()).isNotNull();
            assertThat(first.algorithm()).isEqualTo(JWSAlgorithm.RS256);
            assertThat(restarted.currentKeyId()).as("the stored key, not a new one").isEqualTo(first.currentKeyId());
        } finally {
            server.stop(0);
        }
    }
}
