package com.eventplanner.function.snapstart;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Loads the JDBC driver's classes with one query before the snapshot, then closes every pooled connection so none is
 * frozen into it (a restored copy would share a socket the server has long closed). After a restore the pool is
 * evicted again and opens fresh connections on demand.
 */
public final class DataSourcePriming implements PrimingStep {

    private final DataSource dataSource;

    public DataSourcePriming(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void prime() throws Exception {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1")) {
            rows.next();
        }
        evict();
    }

    @Override
    public void afterRestore() {
        evict();
    }

    private void evict() {
        if (dataSource instanceof HikariDataSource hikari && hikari.getHikariPoolMXBean() != null) {
            hikari.getHikariPoolMXBean().softEvictConnections();
        }
    }
}
