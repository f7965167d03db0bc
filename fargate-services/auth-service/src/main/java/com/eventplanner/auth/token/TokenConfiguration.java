package com.eventplanner.auth.token;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.eventplanner.auth.AuthProperties;
import com.eventplanner.auth.session.SessionStore;
import com.eventplanner.security.JwtVerifier;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

    /** Secrets Manager when AUTH_SIGNING_KEY_SECRET_ID is set, otherwise a key generated once into a local file. */
    @Bean
    SigningKeySource signingKeySource(AuthProperties properties) {
        AuthProperties.SigningKey config = properties.signingKey();
        if (config.secretId() != null && !config.secretId().isBlank()) {
            return new SecretsManagerSigningKeySource(() -> SecretsManagerClient.builder()
                    .httpClient(UrlConnectionHttpClient.create())
                    .build(), config.secretId());
        }
        return new LocalFileSigningKeySource(config.file());
    }

    @Bean
    SigningKeys signingKeys(SigningKeySource source) {
        return new SigningKeys(source.load());
    }

    @Bean
    AccessTokenIssuer accessTokenIssuer(SigningKeys keys, AuthProperties properties, Clock clock) {
        return new AccessTokenIssuer(keys, properties.issuer(), properties.audience(), properties.accessTokenTtl(), clock);
    }

    /** Every task runs it on the configured interval; SKIP LOCKED batches keep them from doing the same work. */
    @Bean
    RefreshTokenRetention refreshTokenRetention(JdbcClient jdbc, AuthProperties properties, Clock clock) {
        return new RefreshTokenRetention(jdbc, properties.retention(), clock);
    }

    /** The same verifier other services use, fed with this service's own public keys and its session store. */
    @Bean
    JwtVerifier jwtVerifier(SigningKeys keys, AuthProperties properties, SessionStore sessions) {
        return JwtVerifier.builder(properties.issuer(), properties.audience())
                .jwkSet(keys.publicKeys())
                .sessionCheck(sessions)
                .build();
    }
}
