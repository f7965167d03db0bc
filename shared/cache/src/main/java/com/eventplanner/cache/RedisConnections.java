package com.eventplanner.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;

/**
 * One Lettuce client and one shared, thread-safe connection for a process (cache, OTPs, sessions, rate limits).
 * Configured to fail fast during an outage rather than queue: commands time out after {@code commandTimeout}, and
 * while the connection is down they are rejected at once instead of piling up until reconnect. The client (with its
 * Netty event loops) is built and the connection opened on first use, so a process starts (and a Lambda initialises)
 * while Redis is unreachable, and a function whose request needs no Redis never pays for Lettuce; after that Lettuce
 * reconnects by itself, with a delay capped at a few seconds so recovery is noticed quickly.
 * <p>
 * {@code redis://host:6379} or, for ElastiCache in-transit encryption, {@code rediss://:authToken@host:6379}.
 */
public final class RedisConnections implements AutoCloseable {

    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(200);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** After a failed connect, callers get an immediate error for this long instead of each paying the timeout. */
    private static final long CONNECT_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final RedisURI uri;
    private final Duration commandTimeout;
    private final Duration connectTimeout;
    private ClientResources resources;
    private RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;
    private long lastFailedConnect;
    private boolean failedBefore;

    private RedisConnections(String url, Duration commandTimeout, Duration connectTimeout) {
        this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.uri = RedisURI.create(Objects.requireNonNull(url, "url"));
        // the URI timeout also bounds the connection handshake, which a cold JVM cannot finish in a command timeout;
        // commands themselves are cut off by the TimeoutOptions of the client
        uri.setTimeout(connectTimeout);
    }

    public static RedisConnections create(String url) {
        return create(url, DEFAULT_COMMAND_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
    }

    public static RedisConnections create(String url, Duration commandTimeout, Duration connectTimeout) {
        return new RedisConnections(url, commandTimeout, connectTimeout);
    }

    /**
     * The shared connection, opened on first use.
     *
     * @throws RedisConnectionException if Redis cannot be reached now (or could not be, moments ago)
     */
    public StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> current = connection;
        return current != null ? current : connect();
    }

    public RedisCommands<String, String> sync() {
        return connection().sync();
    }

    public RedisAsyncCommands<String, String> async() {
        return connection().async();
    }

    /** For libraries that open their own connections (e.g. Bucket4j's Lettuce proxy manager). */
    public synchronized RedisClient client() {
        if (client == null) {
            resources = DefaultClientResources.builder()
                    // Lettuce records every command's latency when HdrHistogram is on the classpath; nobody reads it
                    .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                    .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
                            TimeUnit.MILLISECONDS))
                    .build();
            client = RedisClient.create(resources, uri);
            client.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                    .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build())
                    .build());
        }
        return client;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    private synchronized StatefulRedisConnection<String, String> connect() {
        if (connection != null) {
            return connection;
        }
        if (failedBefore && System.nanoTime() - lastFailedConnect < CONNECT_RETRY_NANOS) {
            throw new RedisConnectionException("Redis unreachable (last connect attempt failed moments ago)");
        }
        try {
            connection = client().connect();
            return connection;
        } catch (RuntimeException e) {
            failedBefore = true;
            lastFailedConnect = System.nanoTime();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        if (client != null) {
            // no quiet period: the only connection is already closed, so there is nothing in flight to wait for
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
