package com.eventplanner.security;

import com.nimbusds.jose.jwk.ECKey;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtVerifierAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JwtVerifierAutoConfiguration.class));

    @Test
    void noVerifierWithoutAJwksUrl() {
        runner.run(context -> assertThat(context).doesNotHaveBean(JwtVerifier.class));
        runner.withPropertyValues("eventplanner.security.jwks-url=")
                .run(context -> assertThat(context).doesNotHaveBean(JwtVerifier.class));
    }

    @Test
    void environmentVariablesConfigureAVerifierThatUsesTheSessionCheckBean() throws Exception {
        ECKey key = Tokens.ecKey("k1");
        try (JwksServer jwks = new JwksServer(key);
             ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                     .web(WebApplicationType.NONE)
                     // the same names the deployables get as environment variables
                     .properties("AUTH_JWKS_URL=" + jwks.url(), "AUTH_AUDIENCE=bookings")
                     .run()) {
            JwtVerifierProperties properties = context.getBean(JwtVerifierProperties.class);
            assertThat(properties.issuer()).isEqualTo("https://auth.eventplanner.local");
            assertThat(properties.audience()).isEqualTo("bookings");
            JwtVerifier verifier = context.getBean(JwtVerifier.class);

            String forBookings = Tokens.sign(key, Tokens.claims().audience("bookings").build());
            assertThat(verifier.verify(forBookings).userId()).isEqualTo(Tokens.USER_ID);
            String revoked = Tokens.sign(key, Tokens.claims().audience("bookings").claim("sid", "gone").build());
            assertThatThrownBy(() -> verifier.verify(revoked)).isInstanceOf(InvalidTokenException.class);
            assertThatThrownBy(() -> verifier.verify(Tokens.sign(key))).isInstanceOf(InvalidTokenException.class);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
        @Bean
        SessionCheck sessionCheck() {
            return sessionId -> !sessionId.equals("gone");
        }
    }
}
