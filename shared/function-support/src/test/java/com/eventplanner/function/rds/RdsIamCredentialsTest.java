package com.eventplanner.function.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.util.Credentials;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class RdsIamCredentialsTest {

    private final RdsIamCredentials credentials = RdsIamCredentials.forJdbcUrl(
            "jdbc:postgresql://event-proxy.proxy-abc.eu-central-1.rds.amazonaws.com:5432/event?sslmode=require",
            "eventplanner", "eu-central-1",
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));

    @Test
    void thePasswordIsAPresignedConnectRequestForTheProxy() {
        Credentials issued = credentials.getCredentials();
        assertThat(issued.getUsername()).isEqualTo("eventplanner");
        assertThat(issued.getPassword())
                .startsWith("event-proxy.proxy-abc.eu-central-1.rds.amazonaws.com:5432/?Action=connect&DBUser=eventplanner&")
                .contains("X-Amz-Algorithm=AWS4-HMAC-SHA256")
                .contains("%2Feu-central-1%2Frds-db%2Faws4_request")
                .contains("X-Amz-Expires=900")
                .contains("X-Amz-Signature=")
                .doesNotContain("https://");
    }

    @Test
    void everyConnectionGetsItsOwnToken() throws InterruptedException {
        String first = credentials.getCredentials().getPassword();
        Thread.sleep(1_100);
        assertThat(credentials.getCredentials().getPassword()).isNotEqualTo(first);
    }

    @Test
    void theDefaultPostgresPortIsUsedWhenTheUrlHasNone() {
        RdsIamCredentials defaultPort = RdsIamCredentials.forJdbcUrl("jdbc:postgresql://db.example.com/event", "app",
                "eu-central-1", StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")));
        assertThat(defaultPort.getCredentials().getPassword()).startsWith("db.example.com:5432/?");
    }

    @Test
    void needsAHost() {
        assertThatThrownBy(() -> RdsIamCredentials.forJdbcUrl("jdbc:postgresql:event", "u", "eu-central-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
