package com.eventplanner.auth.otp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

import com.eventplanner.cache.RedisConnections;

import io.lettuce.core.ScriptOutputType;

/**
 * One-time codes (OWASP ASVS 2.7): six digits from SecureRandom, kept only as a keyed hash at {@code otp:<userId>} for five
 * minutes, consumed by the first correct entry, destroyed after five wrong ones. A resend replaces the code and is
 * allowed once per cooldown.
 */
public final class OtpService {

    /** Result of checking a code. */
    public enum Check { ACCEPTED, WRONG, EXHAUSTED, ABSENT }

    // 0 absent/expired, 1 accepted (deleted), 2 wrong, 3 wrong and now destroyed
    private static final String VERIFY = """
            local stored = redis.call('HGET', KEYS[1], 'hash')
            if not stored then return 0 end
            if stored == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
            local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
            if attempts >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) return 3 end
            return 2
            """;

    // replaces any earlier code, resets its attempts and starts the resend cooldown in one step
    private static final String ISSUE = """
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'hash', ARGV[1], 'attempts', '0')
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
            return 1
            """;

    private final RedisConnections redis;
    private final NotificationChannel channel;
    private final Duration ttl;
    private final int maxAttempts;
    private final Duration resendCooldown;
    private final SecretKey hmacKey;
    private final SecureRandom random = new SecureRandom();

    public OtpService(RedisConnections redis, NotificationChannel channel, Duration ttl, int maxAttempts,
                      Duration resendCooldown, SecretKey hmacKey) {
        this.redis = redis;
        this.hmacKey = hmacKey;
        this.channel = channel;
        this.ttl = ttl;
        this.maxAttempts = maxAttempts;
        this.resendCooldown = resendCooldown;
    }

    /** Issues a fresh code (replacing any earlier one) and sends it. */
    public void issue(UUID userId, String email) {
        String code = "%06d".formatted(random.nextInt(1_000_000));
        redis.sync().eval(ISSUE, ScriptOutputType.INTEGER, new String[] {key(userId), cooldownKey(userId)},
                hash(userId, code), Long.toString(ttl.toMillis()), Long.toString(resendCooldown.toMillis()));
        channel.send(new NotificationChannel.Message(email, "Your Event Planner verification code",
                "Your verification code is " + code + ". It expires in " + ttl.toMinutes() + " minutes."));
    }

    /** Issues a new code unless one was sent within the cooldown; returns whether a code went out. */
    public boolean resend(UUID userId, String email) {
        if (redis.sync().exists(cooldownKey(userId)) > 0) {
            return false;
        }
        issue(userId, email);
        return true;
    }

    public Check verify(UUID userId, String code) {
        Long result = redis.sync().eval(VERIFY, ScriptOutputType.INTEGER, new String[] {key(userId)},
                hash(userId, code), Integer.toString(maxAttempts));
        return switch (result.intValue()) {
            case 1 -> Check.ACCEPTED;
            case 2 -> Check.WRONG;
            case 3 -> Check.EXHAUSTED;
            default -> Check.ABSENT;
        };
    }

    static String key(UUID userId) {
        return "otp:" + userId;
    }

    private static String cooldownKey(UUID userId) {
        return "otp-cooldown:" + userId;
    }

    /**
     * HMAC-SHA256 under a server secret, over the user id and the code: a plain hash of a 6-digit code is undone by
     * trying all million codes, so whoever reads Redis (a snapshot, a replica) would learn every pending code. The
     * user id keeps equal codes of two users apart.
     */
    private String hash(UUID userId, String code) {
        try {
            Mac mac = Mac.getInstance(hmacKey.getAlgorithm());
            mac.init(hmacKey);
            mac.update(userId.toString().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) ':');
            return HexFormat.of().formatHex(mac.doFinal(code.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC key unusable", e);
        }
    }
}
