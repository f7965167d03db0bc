package com.eventplanner.payment.gateway.local;

import com.eventplanner.cache.RedisConnections;
import com.eventplanner.payment.gateway.stripe.StripeSecrets;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** LOCAL ONLY: {@code PAYMENT_GATEWAY=local} (the local stack, tests) replaces Stripe with its imitation. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "eventplanner.payment.gateway", havingValue = "local")
class LocalGatewayConfiguration {

    @Bean(destroyMethod = "close")
    LocalWebhooks localWebhooks(@Value("${eventplanner.payment.local-gateway.webhook-url:}") String webhookUrl,
                                StripeSecrets secrets, Clock clock) {
        return new LocalWebhooks(webhookUrl, secrets::webhookSecret, clock);
    }

    @Bean
    LocalPaymentGateway localPaymentGateway(RedisConnections redis, LocalWebhooks webhooks, Clock clock,
                                            @Value("${eventplanner.payment.local-gateway.settle-after:3s}")
                                            Duration settleAfter) {
        return new LocalPaymentGateway(redis, webhooks, settleAfter, clock);
    }

    @Bean
    LocalGatewayApi localGatewayApi(LocalPaymentGateway gateway) {
        return new LocalGatewayApi(gateway);
    }
}
