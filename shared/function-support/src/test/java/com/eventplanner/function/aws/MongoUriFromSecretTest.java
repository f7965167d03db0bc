package com.eventplanner.function.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The signed GetSecretValue call against a local endpoint speaking Secrets Manager's JSON protocol. */
class MongoUriFromSecretTest {

    private static final String ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:docdb-uri";
    private HttpServer server;
    private final AtomicReference<String> request = new AtomicReference<>();
    private SecretsManagerLookup secrets;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            request.set(exchange.getRequestHeaders().getFirst("X-Amz-Target") + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = ("{\"ARN\":\"" + ARN + "\",\"Name\":\"docdb-uri\","
                    + "\"SecretString\":\"mongodb://app:pw@docdb:27017/?tls=true&retryWrites=false\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        secrets = new SecretsManagerLookup(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                "us-east-1", StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theUriComesFromTheNamedSecret() {
        Map<String, Object> resolved = MongoUriFromSecret.resolve(Map.of("MONGODB_URI_SECRET_ARN", ARN)::get,
                secrets::secretString);

        assertThat(resolved).containsEntry("eventplanner.mongodb.uri",
                "mongodb://app:pw@docdb:27017/?tls=true&retryWrites=false");
        assertThat(request.get()).startsWith("secretsmanager.GetSecretValue AWS4-HMAC-SHA256 Credential=a/")
                .contains("/us-east-1/secretsmanager/aws4_request").contains("{\"SecretId\":\"" + ARN + "\"}");
    }

    @Test
    void aUriGivenDirectlyWinsAndNoSecretIsRead() {
        Map<String, Object> resolved = MongoUriFromSecret.resolve(
                Map.of("MONGODB_URI_SECRET_ARN", ARN, "MONGODB_URI", "mongodb://127.0.0.1:27017")::get,
                secrets::secretString);

        assertThat(resolved).isEmpty();
        assertThat(request.get()).isNull();
    }
}
