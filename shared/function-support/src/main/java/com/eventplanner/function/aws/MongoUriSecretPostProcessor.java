package com.eventplanner.function.aws;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** Adds {@code eventplanner.mongodb.uri} from the secret named by {@code MONGODB_URI_SECRET_ARN}, when there is one. */
public class MongoUriSecretPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getProperty(MongoUriFromSecret.SECRET_VARIABLE) == null) {
            return;
        }
        String region = environment.getProperty("AWS_REGION", "us-east-1");
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
            SecretsManagerLookup secrets = new SecretsManagerLookup(SecretsManagerLookup.endpoint(
                    environment.getProperty("AWS_ENDPOINT_URL_SECRETS_MANAGER"), region), region, credentials);
            Map<String, Object> resolved = MongoUriFromSecret.resolve(environment::getProperty, secrets::secretString);
            if (!resolved.isEmpty()) {
                environment.getPropertySources().addFirst(new MapPropertySource("mongodb-uri-secret", resolved));
            }
        }
    }
}
