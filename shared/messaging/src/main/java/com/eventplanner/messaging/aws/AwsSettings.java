package com.eventplanner.messaging.aws;

import java.net.URI;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * How to reach AWS: the region, the default credential chain, and an endpoint override for SNS when it is not AWS
 * (the local stack). Clients use the URLConnection HTTP client: light for SnapStart and free of the Netty 4.1 that
 * clashes with Lettuce's Netty 4.2.
 */
public record AwsSettings(Region region, URI snsEndpoint, AwsCredentialsProvider credentials) {

    public static AwsSettings fromEnvironment(Function<String, String> environment) {
        String region = environment.apply("AWS_REGION");
        String sns = environment.apply("AWS_ENDPOINT_URL_SNS");
        return new AwsSettings(Region.of(region == null || region.isBlank() ? "us-east-1" : region),
                sns == null || sns.isBlank() ? null : URI.create(sns), DefaultCredentialsProvider.builder().build());
    }

    public SnsClient snsClient() {
        var builder = SnsClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create());
        if (snsEndpoint != null) {
            builder.endpointOverride(snsEndpoint);
        }
        return builder.build();
    }
}
