package com.eventplanner.function.rds;

import com.zaxxer.hikari.HikariCredentialsProvider;
import com.zaxxer.hikari.util.Credentials;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

/**
 * Database credentials for RDS Proxy with IAM authentication: the password is an authentication token (a SigV4
 * presigned {@code connect} request, valid 15 minutes), made afresh for every new pooled connection. Nothing of it is
 * made at init, so a SnapStart snapshot holds no token; the AWS credentials are resolved at connect time too.
 */
public final class RdsIamCredentials implements HikariCredentialsProvider {

    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

    private final String host;
    private final int port;
    private final String user;
    private final String region;
    private final IdentityProvider<? extends AwsCredentialsIdentity> identities;

    public RdsIamCredentials(String host, int port, String user, String region,
                             IdentityProvider<? extends AwsCredentialsIdentity> identities) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.user = Objects.requireNonNull(user, "user");
        this.region = Objects.requireNonNull(region, "region");
        this.identities = Objects.requireNonNull(identities, "identities");
    }

    /** Host and port from a JDBC URL such as {@code jdbc:postgresql://proxy.example:5432/event?sslmode=require}. */
    public static RdsIamCredentials forJdbcUrl(String jdbcUrl, String user, String region,
                                               IdentityProvider<? extends AwsCredentialsIdentity> identities) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("not a JDBC URL: " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("JDBC URL names no host: " + jdbcUrl);
        }
        return new RdsIamCredentials(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, user, region, identities);
    }

    @Override
    public Credentials getCredentials() {
        return Credentials.of(user, token());
    }

    String token() {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host(host)
                .port(port)
                .encodedPath("/")
                .appendRawQueryParameter("Action", "connect")
                .appendRawQueryParameter("DBUser", user)
                .build();
        AwsCredentialsIdentity identity = identities.resolveIdentity().join();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(identity)
                .request(request)
                .payload(null)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "rds-db")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, TOKEN_LIFETIME)).request();
        return signed.getUri().toString().substring("https://".length());
    }
}
