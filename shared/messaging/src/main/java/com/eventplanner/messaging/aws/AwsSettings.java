package com.eventplanner.messaging.aws;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * How to reach AWS: the region, the default credential chain, an endpoint override for SNS when it is not AWS (the
 * local stack), and the bound of one API call, retries included ({@code AWS_API_CALL_TIMEOUT}, ISO-8601, default
 * 1 s): an SNS that stops answering must not hold a 5-second consumer invocation until Lambda kills it.
 * Clients use the URLConnection HTTP client: light for SnapStart and free of the Netty 4.1 that clashes with
 * Lettuce's Netty 4.2.
 */
public record AwsSettings(Region region, URI snsEndpoint, AwsCredentialsProvider credentials,
                          Duration apiCallTimeout) {

    public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofSeconds(1);

    public static AwsSettings fromEnvironment(Function<String, String> environment) {
        String region = environment.apply("AWS_REGION");
        String timeout = environment.apply("AWS_API_CALL_TIMEOUT");
        return new AwsSettings(Region.of(region == null || region.isBlank() ? "us-east-1" : region),
                uri(environment.apply("AWS_ENDPOINT_URL_SNS")),
                DefaultCredentialsProvider.builder().build(),
                timeout == null || timeout.isBlank() ? DEFAULT_API_CALL_TIMEOUT : Duration.parse(timeout));
    }

    public SnsClient snsClient() {
        var builder = SnsClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(httpClient())
                .overrideConfiguration(bounded());
        if (snsEndpoint != null) {
            builder.endpointOverride(snsEndpoint);
        }
        return builder.build();
    }

    /** The whole call, retries included, within the timeout; one attempt within half of it. */
    private ClientOverrideConfiguration bounded() {
        return ClientOverrideConfiguration.builder()
                .apiCallTimeout(apiCallTimeout)
                .apiCallAttemptTimeout(apiCallTimeout.dividedBy(2))
                .build();
    }

    private SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(apiCallTimeout.dividedBy(2))
                .socketTimeout(apiCallTimeout.dividedBy(2))
                .build();
    }

    private static URI uri(String value) {
        return value == null || value.isBlank() ? null : URI.create(value);
    }
}
