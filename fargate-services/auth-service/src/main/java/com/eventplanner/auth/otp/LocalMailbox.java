package com.eventplanner.auth.otp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * The laptop's stand-in for email: each message is logged and appended as one JSON line to
 * {@code <dir>/<recipient>.jsonl}, where a person can read it and the local-only mailbox endpoint serves it.
 */
public final class LocalMailbox implements NotificationChannel {

    private static final Logger log = LoggerFactory.getLogger(LocalMailbox.class);

    /** A message as stored, with the time it was sent. */
    public record Stored(String to, String subject, String body, String sentAt) {
    }

    private final Path dir;
    private final JsonMapper json;
    private final Clock clock;

    public LocalMailbox(Path dir, JsonMapper json, Clock clock) {
        this.dir = dir;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void send(Message message) {
        Stored stored = new Stored(message.to(), message.subject(), message.body(), clock.instant().toString());
        String line = json.writeValueAsString(stored) + "\n";
        try {
            Files.createDirectories(dir);
            synchronized (this) {
                Files.writeString(fileOf(message.to()), line, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to local mailbox " + dir, e);
        }
        log.info("local mailbox: to={} subject=\"{}\" body=\"{}\"", message.to(), message.subject(), message.body());
    }

    /** Messages to one recipient, oldest first. */
    public List<Stored> read(String recipient) {
        Path file = fileOf(recipient);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank())
                    .map(line -> json.readValue(line, Stored.class))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read local mailbox " + dir, e);
        }
    }

    private Path fileOf(String recipient) {
        String safe = recipient.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9@._+-]", "_");
        return dir.resolve(safe + ".jsonl");
    }
}
