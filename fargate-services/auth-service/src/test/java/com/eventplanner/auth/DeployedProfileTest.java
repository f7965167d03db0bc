package com.eventplanner.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import com.eventplanner.testsupport.WithLocalInfrastructure;

/**
 * The service as AWS runs it, without the {@code local} profile: the OpenAPI document, Swagger UI and the mailbox
 * are not served (behind the ALB they would be public), while the API itself is.
 */
@WithLocalInfrastructure
class DeployedProfileTest {

    private static ConfigurableApplicationContext instance;
    private static Api api;

    @BeforeAll
    static void startWithoutTheLocalProfile() {
        instance = AuthApiTest.startInstance("test");
        api = AuthApiTest.apiOf(instance);
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    @Test
    void openApiDocumentAndSwaggerUiAreNotServed() {
        assertThat(api.get("/api/auth/v3/api-docs").status()).isEqualTo(404);
        assertThat(api.get("/api/auth/swagger-ui.html").status()).isEqualTo(404);
        assertThat(api.get("/api/auth/swagger-ui/index.html").status()).isEqualTo(404);
    }

    @Test
    void localMailboxIsNotServed() {
        assertThat(api.get("/api/auth/local/mailbox/someone@example.com").status()).isEqualTo(404);
    }

    @Test
    void theApiItselfIsServed() {
        assertThat(api.get("/api/auth/.well-known/jwks.json").status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
    }
}
