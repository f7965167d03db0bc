package com.eventplanner.payment.gateway.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The Stripe secrets as template.yaml hands them over: by ARN, read with one signed GetSecretValue (Secrets Manager's
 * JSON protocol, here a local endpoint) at first use; a value given directly wins and reads nothing.
 */
class StripeSecretsTest {

    private static final String KEY_ARN = "arn:aws:secretsmanager:eu-central-1:000000000000:secret:stripe/api-key";
    private static final String WEBHOOK_ARN = "arn:aws:secretsmanager:eu-central-1:000000000000:secret:stripe/whsec";

    private HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private final String accessKey = System.getProperty("aws.accessKeyId");
    private final String secretKey = System.getProperty("aws.secretAccessKey");

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestHeaders().getFirst("X-Amz-Target") + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            String secret = body.contains(KEY_ARN) ? "sk_test_from_secrets_manager" : "whsec_from_secrets_manager\n";
            byte[] answer = ("{\"ARN\":\"x\",\"Name\":\"x\",\"SecretString\":\"" + secret.replace("\n", "\\n")
                    + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        restore("aws.accessKeyId", accessKey);
        restore("aws.secretAccessKey", secretKey);
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    @Test
    void secretsNamedByArnAreReadOnceFromSecretsManager() {
        StripeSecrets secrets = StripeSecrets.fromEnvironment(environment()
                .withProperty("STRIPE_API_KEY_SECRET_ARN", KEY_ARN)
                .withProperty("STRIPE_WEBHOOK_SECRET_ARN", WEBHOOK_ARN));
        assertThat(requests).as("nothing is read before it is needed").isEmpty();

        assertThat(secrets.apiKey()).isEqualTo("sk_test_from_secrets_manager");
        assertThat(secrets.webhookSecret()).as("stripped of a trailing newline").isEqualTo("whsec_from_secrets_manager");
        assertThat(secrets.apiKey()).isEqualTo("sk_test_from_secrets_manager");

        assertThat(requests).hasSize(2);
        assertThat(requests.get(0)).startsWith("secretsmanager.GetSecretValue AWS4-HMAC-SHA256 Credential=AKIDTEST/")
                .contains("/eu-central-1/secretsmanager/aws4_request").contains(KEY_ARN);
    }

    @Test
    void aValueGivenDirectlyWinsAndAMissingOneIsAClearError() {
        StripeSecrets secrets = StripeSecrets.fromEnvironment(environment()
                .withProperty("STRIPE_WEBHOOK_SECRET", "whsec_direct")
                .withProperty("STRIPE_WEBHOOK_SECRET_ARN", WEBHOOK_ARN));

        assertThat(secrets.webhookSecret()).isEqualTo("whsec_direct");
        assertThat(requests).isEmpty();
        assertThatThrownBy(secrets::apiKey).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("STRIPE_API_KEY");
    }

    private MockEnvironment environment() {
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "secret");
        return new MockEnvironment().withProperty("AWS_REGION", "eu-central-1")
                .withProperty("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:" + server.getAddress().getPort());
    }
}
