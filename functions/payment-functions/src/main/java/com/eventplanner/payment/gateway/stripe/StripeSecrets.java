package com.eventplanner.payment.gateway.stripe;

import com.eventplanner.function.aws.SecretsManagerLookup;
import java.util.function.Supplier;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The Stripe secret API key and the webhook signing secret. In AWS the template names their Secrets Manager secrets
 * ({@code STRIPE_API_KEY_SECRET_ARN}, {@code STRIPE_WEBHOOK_SECRET_ARN}), read once at first use (under SnapStart,
 * before the snapshot, which is encrypted); a value given directly ({@code STRIPE_API_KEY},
 * {@code STRIPE_WEBHOOK_SECRET}: tests, the local stack) wins, as {@code MONGODB_URI} does over its secret.
 */
public final class StripeSecrets {

    private final Supplier<String> apiKey;
    private final Supplier<String> webhookSecret;

    public StripeSecrets(Supplier<String> apiKey, Supplier<String> webhookSecret) {
        this.apiKey = SingletonSupplier.of(apiKey);
        this.webhookSecret = SingletonSupplier.of(webhookSecret);
    }

    public static StripeSecrets fromEnvironment(Environment environment) {
        return new StripeSecrets(() -> resolve(environment, "STRIPE_API_KEY", "STRIPE_API_KEY_SECRET_ARN"),
                () -> resolve(environment, "STRIPE_WEBHOOK_SECRET", "STRIPE_WEBHOOK_SECRET_ARN"));
    }

    public String apiKey() {
        return apiKey.get();
    }

    public String webhookSecret() {
        return webhookSecret.get();
    }

    private static String resolve(Environment environment, String variable, String secretArnVariable) {
        String direct = environment.getProperty(variable);
        if (direct != null && !direct.isBlank()) {
            return direct;
        }
        String secretArn = environment.getProperty(secretArnVariable);
        if (secretArn == null || secretArn.isBlank()) {
            throw new IllegalStateException("Neither " + variable + " nor " + secretArnVariable + " is set");
        }
        String region = environment.getProperty("AWS_REGION", "us-east-1");
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
            return new SecretsManagerLookup(SecretsManagerLookup.endpoint(
                    environment.getProperty("AWS_ENDPOINT_URL_SECRETS_MANAGER"), region), region, credentials)
                    .secretString(secretArn).strip();
        }
    }
}
