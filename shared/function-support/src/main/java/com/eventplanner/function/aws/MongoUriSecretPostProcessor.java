package com.eventplanner.function.aws;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Adds {@code eventplanner.mongodb.uri} from the secret named by {@code MONGODB_URI_SECRET_ARN}, when there is one. */
public class MongoUriSecretPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getProperty(MongoUriFromSecret.SECRET_VARIABLE) == null) {
            return;
        }
        try (SecretsManagerClient secrets = SecretsManagerClient.builder()
                .region(Region.of(environment.getProperty("AWS_REGION", "us-east-1")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            Map<String, Object> resolved = MongoUriFromSecret.resolve(environment::getProperty, secrets);
            if (!resolved.isEmpty()) {
                environment.getPropertySources().addFirst(new MapPropertySource("mongodb-uri-secret", resolved));
            }
        }
    }
}
