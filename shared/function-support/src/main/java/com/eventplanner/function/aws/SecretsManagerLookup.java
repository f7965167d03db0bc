package com.eventplanner.function.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GetSecretValue} over Secrets Manager's JSON protocol, signed by the SDK's SigV4 signer: the one Secrets
 * Manager call a function makes, without the SDK's service client and its JSON protocol stack (0.9 MB of a function
 * jar's 30 MiB budget). Used at start-up (the DocumentDB URI) and by functions that read their own secrets.
 */
public final class SecretsManagerLookup {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int TIMEOUT_MILLIS = 5_000;

    private final URI endpoint;
    private final String region;
    private final IdentityProvider<? extends AwsCredentialsIdentity> identities;

    public SecretsManagerLookup(URI endpoint, String region, IdentityProvider<? extends AwsCredentialsIdentity> identities) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.region = Objects.requireNonNull(region, "region");
        this.identities = Objects.requireNonNull(identities, "identities");
    }

    /** The regional endpoint, or AWS_ENDPOINT_URL_SECRETS_MANAGER (the SDK's own override variable) when set. */
    public static URI endpoint(String override, String region) {
        return URI.create(override != null ? override : "https://secretsmanager." + region + ".amazonaws.com");
    }

    public String secretString(String secretId) {
        byte[] body = JSON.writeValueAsBytes(Map.of("SecretId", secretId));
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint.resolve("/"))
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "secretsmanager.GetSecretValue")
                .build();
        AwsCredentialsIdentity identity = identities.resolveIdentity().join();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(identity)
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "secretsmanager")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)).request();
        try {
            HttpURLConnection connection = (HttpURLConnection) signed.getUri().toURL().openConnection();
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            // Host and Content-Length are the connection's own, with the values the signature covers
            signed.forEachHeader((name, values) -> {
                if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(value -> connection.addRequestProperty(name, value));
                }
            });
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new IllegalStateException("Secrets Manager answered " + status + " (" + errorType(connection)
                        + ") for " + secretId);
            }
            try (InputStream in = connection.getInputStream()) {
                JsonNode secret = JSON.readTree(in);
                return secret.path("SecretString").asString();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read secret " + secretId + " from " + endpoint, e);
        }
    }

    /** The error's {@code __type}, never the body itself. */
    private static String errorType(HttpURLConnection connection) {
        try (InputStream in = connection.getErrorStream()) {
            return in == null ? "no body" : JSON.readTree(in).path("__type").asString("unknown error");
        } catch (IOException | RuntimeException e) {
            return "unreadable error";
        }
    }
}
