package com.eventplanner.auth.otp;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.eventplanner.auth.AuthProperties;
import com.eventplanner.auth.token.SigningKeys;
import com.eventplanner.cache.RedisConnections;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class OtpConfiguration {

    /** The HMAC key comes from the signing key, so AWS (Secrets Manager) and the laptop (key file) need no extra secret. */
    @Bean
    OtpService otpService(RedisConnections redis, NotificationChannel channel, AuthProperties properties,
                          SigningKeys signingKeys) {
        return new OtpService(redis, channel, properties.otp(), signingKeys.derive("eventplanner/auth/otp-hmac/v1"));
    }

    @Bean
    @ConditionalOnProperty(name = "eventplanner.auth.notification.channel", havingValue = "mailbox", matchIfMissing = true)
    LocalMailbox localMailbox(AuthProperties properties, Clock clock) {
        return new LocalMailbox(properties.notification().mailboxDir(), JsonMapper.builder().build(), clock);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "eventplanner.auth.notification.channel", havingValue = "ses")
    SesV2Client sesClient() {
        return SesV2Client.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Bean
    @ConditionalOnProperty(name = "eventplanner.auth.notification.channel", havingValue = "ses")
    NotificationChannel sesEmailChannel(SesV2Client ses, AuthProperties properties) {
        return new SesEmailChannel(ses, properties.notification().emailFrom());
    }
}
