package com.eventplanner.function;

import com.eventplanner.function.alb.AlbRouter;
import com.eventplanner.function.alb.JsonBodies;
import com.eventplanner.function.alb.Validators;
import com.eventplanner.function.rds.RdsIamCredentials;
import com.eventplanner.function.snapstart.DataSourcePriming;
import com.eventplanner.function.snapstart.LazySingletonsPriming;
import com.eventplanner.function.snapstart.PrimingStep;
import com.eventplanner.function.snapstart.SnapStartPriming;
import com.eventplanner.security.JwtVerifier;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.validation.ValidatorFactory;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every function jar shares: request bodies (the application's {@link JsonMapper} plus Bean Validation), a
 * factory for ALB routers wired to the {@link JwtVerifier} when AUTH_JWKS_URL configures one, and the SnapStart
 * priming resource running every {@link PrimingStep} bean (a pooled DataSource gets one automatically), and RDS Proxy
 * IAM authentication when DATABASE_IAM_AUTH=true.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "com.eventplanner.security.JwtVerifierAutoConfiguration"})
public class FunctionSupportAutoConfiguration {

    private static final String FLYWAY_MIGRATION =
            "org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ValidatorFactory requestValidatorFactory() {
        return Validators.factory();
    }

    /** Hibernate Validator starts at the first body read: the usual first request of an API function has none. */
    @Bean
    @ConditionalOnMissingBean
    JsonBodies jsonBodies(ObjectProvider<JsonMapper> mapper, ObjectProvider<ValidatorFactory> validatorFactory) {
        return new JsonBodies(mapper.getIfAvailable(() -> JsonMapper.builder().build()),
                SingletonSupplier.of(() -> validatorFactory.getObject().getValidator()));
    }

    @Bean
    @ConditionalOnMissingBean
    AlbRouters albRouters(JsonBodies bodies, ObjectProvider<JwtVerifier> verifier) {
        return () -> AlbRouter.builder(bodies, verifier.getIfAvailable());
    }

    @Bean
    SnapStartPriming snapStartPriming(ObjectProvider<PrimingStep> steps) {
        return new SnapStartPriming(() -> steps.orderedStream().toList()).register();
    }

    /**
     * Still created at init under spring.main.lazy-initialization (the function jars): the CRaC resource, which must
     * register before the checkpoint, and Flyway's migration, which the sweep runs in the init SnapStart performs
     * when a version is published (functions/README.md#database-migrations).
     */
    @Bean
    static LazyInitializationExcludeFilter eagerAtInit() {
        return (name, definition, type) -> SnapStartPriming.class.isAssignableFrom(type)
                || FLYWAY_MIGRATION.equals(type.getName());
    }

    @Bean
    LazySingletonsPriming lazySingletonsPriming(ConfigurableListableBeanFactory beanFactory) {
        return new LazySingletonsPriming(beanFactory);
    }

    /**
     * DATABASE_IAM_AUTH=true (template.yaml Globals): the pool authenticates to RDS Proxy with IAM tokens instead of a
     * password, for the user of SPRING_DATASOURCE_USERNAME and the host of SPRING_DATASOURCE_URL.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "com.zaxxer.hikari.HikariDataSource")
    @ConditionalOnProperty(name = "DATABASE_IAM_AUTH", havingValue = "true")
    static class RdsIamAuthentication {

        @Bean
        static BeanPostProcessor rdsIamAuthentication(Environment environment) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessBeforeInitialization(Object bean, String beanName) {
                    if (bean instanceof HikariDataSource pool) {
                        String region = environment.getProperty("AWS_REGION", "us-east-1");
                        pool.setCredentialsProvider(RdsIamCredentials.forJdbcUrl(pool.getJdbcUrl(),
                                pool.getUsername(), region, DefaultCredentialsProvider.builder().build()));
                    }
                    return bean;
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "com.zaxxer.hikari.HikariDataSource")
    @ConditionalOnBean(DataSource.class)
    static class DataSourceSnapStart {

        @Bean
        DataSourcePriming dataSourcePriming(DataSource dataSource) {
            return new DataSourcePriming(dataSource);
        }
    }
}
