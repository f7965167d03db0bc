package com.eventplanner.localinvoke;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * What a deployment does before a function serves: its database migrated. In AWS booking-service migrates
 * {@code booking} and OutboxSweepFunction {@code event} (the other function jars carry no Flyway); locally the
 * stack, the parity test and the cold-start benchmark apply a jar's migrations themselves.
 */
public final class JarMigrations {

    private JarMigrations() {
    }

    /**
     * The migrations the jar carries ({@code spring.flyway.locations} of its application.properties), applied from a
     * copy on disk so that only the jar's own scripts are seen.
     */
    public static void apply(Path jar, DataSource database) throws IOException {
        Path scripts = Files.createTempDirectory("migrations");
        List<String> locations = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Properties properties = new Properties();
            try (InputStream in = zip.getInputStream(zip.getEntry("application.properties"))) {
                properties.load(in);
            }
            for (String location : properties.getProperty("spring.flyway.locations").split(",")) {
                String folder = location.trim().substring("classpath:".length());
                Path target = Files.createDirectories(scripts.resolve(folder));
                for (ZipEntry entry : Collections.list(zip.entries())) {
                    if (entry.getName().startsWith(folder + "/") && entry.getName().endsWith(".sql")) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            Files.copy(in, target.resolve(Path.of(entry.getName()).getFileName().toString()),
                                    StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
                locations.add("filesystem:" + target);
            }
        }
        Flyway.configure().dataSource(database).locations(locations.toArray(String[]::new)).load().migrate();
    }
}
