package com.eventplanner.messaging;

import com.eventplanner.contracts.MessageCodec;
import com.eventplanner.messaging.aws.AwsSettings;
import com.eventplanner.messaging.consumer.JdbcProcessedMessages;
import com.eventplanner.messaging.consumer.ProcessedMessages;
import com.eventplanner.messaging.consumer.SqsBatchProcessor;
import com.eventplanner.messaging.outbox.Outbox;
import com.eventplanner.messaging.outbox.OutboxRelay;
import com.eventplanner.messaging.outbox.TopicArns;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Outbox, relay and batch consumer for any Spring application with a DataSource — a Fargate service or a Spring
 * Cloud Function jar. {@code eventplanner.outbox.relay}: {@code background} (default; a worker thread drains on
 * every commit and every second) or {@code after-commit} (Lambda: drain on the invoking thread right after the
 * commit, since a frozen execution environment runs no background thread; the scheduled outbox sweep catches up).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"})
@ConditionalOnClass(SnsClient.class)
public class MessagingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MessageCodec messageCodec() {
        return new MessageCodec();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    SnsClient snsClient(Environment environment) {
        return AwsSettings.fromEnvironment(environment::getProperty).snsClient();
    }

    @Bean
    @ConditionalOnMissingBean
    TopicArns topicArns(Environment environment) {
        return TopicArns.fromEnvironment(environment::getProperty);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean({DataSource.class, PlatformTransactionManager.class})
    static class JdbcMessaging {

        /**
         * SNS is looked up at the first publish: with lazy initialisation (the function jars) a request that
         * announces nothing never builds the SDK client (nor a proxy, which would load every SNS model class).
         */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        OutboxRelay outboxRelay(DataSource dataSource, ObjectProvider<SnsClient> sns, TopicArns topicArns,
                                Environment environment) {
            OutboxRelay.Settings defaults = OutboxRelay.Settings.defaults();
            Duration poll = environment.getProperty("eventplanner.outbox.poll-interval", Duration.class,
                    defaults.pollInterval());
            return new OutboxRelay(dataSource, sns::getObject, topicArns,
                    new OutboxRelay.Settings(defaults.batchSize(), poll, defaults.firstRetry(), defaults.maxRetry()),
                    Clock.systemUTC());
        }

        @Bean
        @ConditionalOnMissingBean
        Outbox outbox(DataSource dataSource, MessageCodec codec, OutboxRelay relay, Environment environment) {
            Runnable afterCommit = afterCommitMode(environment) ? relay::drainQuietly : relay::signal;
            return new Outbox(dataSource, codec, afterCommit,
                    environment.getProperty("spring.application.name", "eventplanner"), Clock.systemUTC());
        }

        @Bean
        SmartLifecycle outboxRelayWorker(OutboxRelay relay, Environment environment) {
            boolean background = !afterCommitMode(environment);
            return new SmartLifecycle() {
                private volatile boolean running;

                @Override
                public void start() {
                    if (background) {
                        relay.start();
                    }
                    running = true;
                }

                @Override
                public void stop() {
                    relay.close();
                    running = false;
                }

                @Override
                public boolean isRunning() {
                    return running;
                }
            };
        }

        @Bean
        @ConditionalOnMissingBean
        ProcessedMessages processedMessages(DataSource dataSource, PlatformTransactionManager transactionManager) {
            return new JdbcProcessedMessages(dataSource, transactionManager);
        }

        @Bean
        @ConditionalOnMissingBean
        SqsBatchProcessor sqsBatchProcessor(MessageCodec codec, ProcessedMessages processedMessages) {
            return new SqsBatchProcessor(codec, processedMessages);
        }

        private static boolean afterCommitMode(Environment environment) {
            return "after-commit".equals(environment.getProperty("eventplanner.outbox.relay", "background"));
        }
    }
}
