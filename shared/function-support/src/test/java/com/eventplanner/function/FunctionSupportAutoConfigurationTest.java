package com.eventplanner.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.eventplanner.function.alb.JsonBodies;
import com.eventplanner.function.rds.RdsIamCredentials;
import com.eventplanner.function.snapstart.DataSourcePriming;
import com.eventplanner.function.snapstart.SnapStartPriming;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class FunctionSupportAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FunctionSupportAutoConfiguration.class))
            .withBean(DataSource.class, () -> {
                HikariDataSource pool = new HikariDataSource();
                pool.setJdbcUrl("jdbc:postgresql://event-proxy.example:5432/event");
                pool.setUsername("eventplanner");
                return pool;
            });

    @Test
    void everyFunctionJarGetsBodiesRoutersAndPrimingWithThePool() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(JsonBodies.class).hasSingleBean(AlbRouters.class)
                    .hasSingleBean(SnapStartPriming.class).hasSingleBean(DataSourcePriming.class);
            assertThat(((HikariDataSource) context.getBean(DataSource.class)).getCredentialsProvider()).isNull();
        });
    }

    @Test
    void databaseIamAuthSignsEveryNewConnectionForTheUrlsHostAndUser() {
        runner.withPropertyValues("DATABASE_IAM_AUTH=true", "AWS_REGION=eu-central-1").run(context -> {
            HikariDataSource pool = (HikariDataSource) context.getBean(DataSource.class);
            assertThat(pool.getCredentialsProvider()).isInstanceOf(RdsIamCredentials.class);
        });
    }
}
