package com.eventplanner.payment.gateway;

import com.eventplanner.payment.gateway.stripe.StripeGateway;
import com.eventplanner.payment.gateway.stripe.StripeSecrets;
import com.eventplanner.payment.gateway.stripe.StripeWebhooks;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The gateway {@code eventplanner.payment.gateway} names: {@code stripe} here, {@code local} in
 * {@code gateway.local}. Webhooks are always verified as Stripe's: the local gateway signs its own the same way.
 */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    @Bean
    StripeSecrets stripeSecrets(Environment environment) {
        return StripeSecrets.fromEnvironment(environment);
    }

    @Bean
    StripeWebhooks stripeWebhooks(StripeSecrets secrets, Clock clock) {
        return new StripeWebhooks(secrets, clock);
    }

    @Bean
    @ConditionalOnProperty(name = "eventplanner.payment.gateway", havingValue = "stripe")
    PaymentGateway stripeGateway(StripeSecrets secrets,
                                 @Value("${eventplanner.payment.stripe.api-base:https://api.stripe.com}") String apiBase,
                                 @Value("${eventplanner.payment.stripe.connect-timeout:2s}") Duration connectTimeout,
                                 @Value("${eventplanner.payment.stripe.read-timeout:8s}") Duration readTimeout) {
        return new StripeGateway(secrets, new StripeGateway.Settings(apiBase, connectTimeout, readTimeout));
    }
}
