package com.eventplanner.security;

import java.net.URI;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * A {@link JwtVerifier} for every Boot app and Spring Cloud Function jar that sets {@code eventplanner.security.jwks-url}
 * (or AUTH_JWKS_URL). A {@link SessionCheck} bean, when one exists, is consulted on every verification.
 */
@AutoConfiguration
@ConditionalOnClass(name = "com.nimbusds.jwt.SignedJWT")
@EnableConfigurationProperties(JwtVerifierProperties.class)
public class JwtVerifierAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @Conditional(JwksUrlConfigured.class)
    JwtVerifier jwtVerifier(JwtVerifierProperties properties, ObjectProvider<SessionCheck> sessionCheck) {
        return JwtVerifier.builder(properties.issuer(), properties.audience())
                .jwksUrl(URI.create(properties.jwksUrl()))
                .clockSkew(properties.clockSkew())
                .jwksCacheTtl(properties.jwksCacheTtl())
                .jwksRefetchInterval(properties.jwksRefetchInterval())
                .jwksTimeout(properties.jwksTimeout())
                .verifiedTokenCacheSize(properties.verifiedTokenCacheSize())
                .sessionCheck(sessionCheck.getIfAvailable())
                .build();
    }

    /** {@code @ConditionalOnProperty} would match the empty default of an unset AUTH_JWKS_URL. */
    static final class JwksUrlConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("eventplanner.security.jwks-url"));
        }
    }
}
