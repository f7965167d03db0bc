package com.eventplanner.messaging;

import com.eventplanner.contracts.MessageCodec;
import com.eventplanner.messaging.aws.AwsSettings;
import com.eventplanner.messaging.consumer.JdbcProcessedMessages;
import com.eventplanner.messaging.consumer.ProcessedMessages;
import com.eventplanner.messaging.consumer.SqsBatchProcessor;
import com.eventplanner.messaging.outbox.EmbeddedMetricsOutboxMetrics;
import com.eventplanner.messaging.outbox.Outbox;
import com.eventplanner.messaging.outbox.OutboxMetrics;
import com.eventplanner.messaging.outbox.OutboxRelay;
import com.eventplanner.messaging.outbox.TopicArns;
import com.eventplanner.messaging.retention.Retention;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
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
                                ObjectProvider<OutboxMetrics> metrics, Environment environment) {
            OutboxRelay.Settings defaults = OutboxRelay.Settings.defaults();
            Duration poll = environment.getProperty("eventplanner.outbox.poll-interval", Duration.class,
                    defaults.pollInterval());
            int maxAttempts = environment.getProperty("eventplanner.outbox.max-attempts", Integer.class,
                    defaults.maxAttempts());
            return new OutboxRelay(dataSource, sns::getObject, topicArns,
                    new OutboxRelay.Settings(defaults.batchSize(), poll, defaults.firstRetry(), defaults.maxRetry(),
                            maxAttempts, defaults.drainReserve()),
                    (topic, count) -> metrics.ifAvailable(m -> m.parked(topic, count)), Clock.systemUTC());
        }

        /** {@code eventplanner.retention.*}: what the scheduled purges of this database keep. */
        @Bean
        @ConditionalOnMissingBean
        Retention messagingRetention(Environment environment) {
            Retention defaults = Retention.defaults();
            return new Retention(
                    environment.getProperty("eventplanner.retention.age", Duration.class, defaults.age()),
                    environment.getProperty("eventplanner.retention.batch-size", Integer.class, defaults.batchSize()),
                    environment.getProperty("eventplanner.retention.batches-per-run", Integer.class,
                            defaults.batchesPerRun()));
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

        static boolean afterCommitMode(Environment environment) {
            return "after-commit".equals(environment.getProperty("eventplanner.outbox.relay", "background"));
        }
    }

    /** Services count parked messages with Micrometer ({@code outbox.messages.parked}, tagged by topic). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class MicrometerMetrics {

        @Bean
        @ConditionalOnMissingBean
        OutboxMetrics outboxMetrics(ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
            return (topic, count) -> registry.ifAvailable(r -> r.counter("outbox.messages.parked", "topic", topic)
                    .increment(count));
        }
    }

    /** Functions, which carry no Micrometer, count them as CloudWatch embedded metrics on standard output. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("io.micrometer.core.instrument.MeterRegistry")
    static class EmbeddedMetrics {

        @Bean
        @ConditionalOnMissingBean
        OutboxMetrics outboxMetrics(Environment environment) {
            return new EmbeddedMetricsOutboxMetrics(environment.getProperty("spring.application.name", "eventplanner"),
                    System.out, Clock.systemUTC());
        }
    }
}
