package com.eventplanner.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.jwk.JWKSet;

class OperationsTest extends AuthApiTest {

    @Test
    void readinessChecksPostgresAndRedis() {
        Api.Response readiness = api.get("/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.raw()).isEqualTo(200);
        assertThat(readiness.text("status")).isEqualTo("UP");
        Api.Response health = api.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    @Test
    void prometheusMetricsAreExposed() {
        api.get("/api/auth/.well-known/jwks.json");
        Api.Response metrics = api.get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.raw()).contains("http_server_requests_seconds").contains("jvm_memory_used_bytes");
    }

    @Test
    void openApiDocumentListsTheEndpoints() {
        Api.Response doc = api.get("/api/auth/v3/api-docs");
        assertThat(doc.status()).isEqualTo(200);
        List<String> paths = doc.json().path("paths").propertyNames().stream().toList();
        assertThat(paths).contains("/api/auth/register", "/api/auth/verify", "/api/auth/login", "/api/auth/refresh",
                "/api/auth/logout", "/api/auth/me", "/api/auth/password-reset", "/api/auth/password-reset/confirm",
                "/api/auth/.well-known/jwks.json");
        assertThat(api.get("/api/auth/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void jwksPublishesOnlyPublicKeys() throws Exception {
        Api.Response jwks = api.get("/api/auth/.well-known/jwks.json");
        assertThat(jwks.status()).isEqualTo(200);
        JWKSet set = JWKSet.parse(jwks.raw());
        assertThat(set.getKeys()).isNotEmpty().allSatisfy(key -> {
            assertThat(key.isPrivate()).isFalse();
            assertThat(key.getKeyID()).isNotBlank();
        });
        assertThat(jwks.raw()).doesNotContain("\"d\"");
        assertThat(jwks.header("Cache-Control")).contains("max-age");
    }
}
