package com.eventplanner.auth.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import com.eventplanner.cache.RedisConnections;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Fixed-window counters in Redis ({@code ratelimit:<action>:<scope>:<id>}), so every task behind the ALB counts
 * together. INCR and the first PEXPIRE run in one script, so a counter can never be left without an expiry; the
 * window of a counter starts at its first attempt.
 */
public final class RateLimiter {

    private static final String SCRIPT = """
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return {count, redis.call('PTTL', KEYS[1])}
            """;

    private final RedisConnections redis;
    private final Duration window;
    private final String sha;

    public RateLimiter(RedisConnections redis, Duration window) {
        this.redis = redis;
        this.window = window;
        this.sha = sha1Hex(SCRIPT);
    }

    /**
     * Counts one attempt against every given limit; all are counted even when the first is already exceeded.
     *
     * @throws RateLimitedException when any of them is over its limit
     */
    public void acquire(String action, Limit... limits) {
        long retryAfterMillis = 0;
        for (Limit limit : limits) {
            String key = "ratelimit:" + action + ":" + limit.scope() + ":" + sha256Hex(limit.id());
            List<Long> result = eval(key);
            if (result.get(0) > limit.max()) {
                retryAfterMillis = Math.max(retryAfterMillis, Math.max(result.get(1), 1));
            }
        }
        if (retryAfterMillis > 0) {
            throw new RateLimitedException(Duration.ofMillis(retryAfterMillis));
        }
    }

    private List<Long> eval(String key) {
        RedisCommands<String, String> commands = redis.sync();
        String[] keys = {key};
        String windowMillis = Long.toString(window.toMillis());
        try {
            return commands.evalsha(sha, ScriptOutputType.MULTI, keys, windowMillis);
        } catch (RedisNoScriptException notCachedYet) {
            return commands.eval(SCRIPT, ScriptOutputType.MULTI, keys, windowMillis);
        }
    }

    /** Keys carry no raw emails or addresses. */
    private static String sha256Hex(String id) {
        return HexFormat.of().formatHex(digest("SHA-256", id), 0, 16);
    }

    private static String sha1Hex(String script) {
        return HexFormat.of().formatHex(digest("SHA-1", script));
    }

    private static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** At most {@code max} attempts per window for one subject ({@code scope} "account" or "ip"). */
    public record Limit(String scope, String id, int max) {

        public static Limit perAccount(String email, int max) {
            return new Limit("account", email, max);
        }

        public static Limit perIp(String ip, int max) {
            return new Limit("ip", ip, max);
        }
    }
}
