package com.eventplanner.auth.otp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

import com.eventplanner.auth.AuthProperties;
import com.eventplanner.cache.RedisConnections;

import io.lettuce.core.ScriptOutputType;

/**
 * One-time codes (OWASP ASVS 2.7) for email verification and password reset: six digits from SecureRandom, kept only as
 * a keyed hash at {@code otp:<userId>} (five minutes) or {@code password-reset:<userId>}, consumed by the first
 * correct entry, destroyed after five wrong ones. A new code replaces the earlier one of its purpose; a resend is
 * allowed once per cooldown. Wrong codes also count against a budget per account shared by every code
 * ({@code otp-failures:<userId>}): five tries per code and a new code a minute would otherwise allow thousands of
 * guesses a day. Once it is spent no code of the account is accepted for a window, and the owner is told by mail.
 */
public final class OtpService {

    /** What a code is for; each purpose has its own code, cooldown and mail. */
    public enum Purpose {
        EMAIL_VERIFICATION("otp:", "otp-cooldown:", "Your Event Planner verification code",
                "Your verification code is %s. It expires in %d minutes."),
        PASSWORD_RESET("password-reset:", "password-reset-cooldown:", "Your Event Planner password reset code",
                "Your password reset code is %s. It expires in %d minutes. If you did not ask to reset your password,"
                        + " ignore this mail: your password stays as it is.");

        private final String prefix;
        private final String cooldownPrefix;
        private final String subject;
        private final String body;

        Purpose(String prefix, String cooldownPrefix, String subject, String body) {
            this.prefix = prefix;
            this.cooldownPrefix = cooldownPrefix;
            this.subject = subject;
            this.body = body;
        }

        /** The Redis key holding the pending code of the purpose. */
        String key(UUID userId) {
            return prefix + userId;
        }
    }

    /** Result of checking a code. */
    public enum Check {
        ACCEPTED, WRONG, EXHAUSTED, ABSENT,
        /** This wrong code spent the account's budget (its owner has been mailed). */
        BUDGET_SPENT,
        /** The budget was already spent: the code was not even compared. */
        LOCKED
    }

    // 0 absent/expired, 1 accepted (deleted), 2 wrong, 3 wrong and the code destroyed, 4 locked, 5 wrong and the budget
    // now spent. The budget, the code's attempts and its deletion change together, so concurrent guesses cannot
    // overrun either limit; the lock lasts a full window from the failure that spent the budget.
    private static final String VERIFY = """
            local budget = tonumber(ARGV[3])
            if tonumber(redis.call('GET', KEYS[2]) or '0') >= budget then return 4 end
            local stored = redis.call('HGET', KEYS[1], 'hash')
            if not stored then return 0 end
            if stored == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
            local failures = redis.call('INCR', KEYS[2])
            if failures == 1 or failures >= budget then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
            local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
            local exhausted = attempts >= tonumber(ARGV[2])
            if exhausted then redis.call('DEL', KEYS[1]) end
            if failures >= budget then return 5 end
            if exhausted then return 3 end
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
    private final AuthProperties.Otp settings;
    private final SecretKey hmacKey;
    private final SecureRandom random = new SecureRandom();

    public OtpService(RedisConnections redis, NotificationChannel channel, AuthProperties.Otp settings,
                      SecretKey hmacKey) {
        this.redis = redis;
        this.channel = channel;
        this.settings = settings;
        this.hmacKey = hmacKey;
    }

    /** Issues a fresh code of the purpose (replacing, and so voiding, any earlier one) and sends it. */
    public void issue(Purpose purpose, UUID userId, String email) {
        String code = "%06d".formatted(random.nextInt(1_000_000));
        Duration ttl = ttl(purpose);
        redis.sync().eval(ISSUE, ScriptOutputType.INTEGER,
                new String[] {purpose.key(userId), purpose.cooldownPrefix + userId},
                hash(userId, code), Long.toString(ttl.toMillis()), Long.toString(settings.resendCooldown().toMillis()));
        channel.send(new NotificationChannel.Message(email, purpose.subject,
                purpose.body.formatted(code, ttl.toMinutes())));
    }

    /** Issues a new code unless one of the purpose was sent within the cooldown; returns whether a code went out. */
    public boolean resend(Purpose purpose, UUID userId, String email) {
        if (redis.sync().exists(purpose.cooldownPrefix + userId) > 0) {
            return false;
        }
        issue(purpose, userId, email);
        return true;
    }

    /** Checks (and on success consumes) a code; tells the owner at {@code email} when this try spent the budget. */
    public Check verify(Purpose purpose, UUID userId, String email, String code) {
        Long result = redis.sync().eval(VERIFY, ScriptOutputType.INTEGER,
                new String[] {purpose.key(userId), "otp-failures:" + userId},
                hash(userId, code), Integer.toString(settings.maxAttempts()),
                Integer.toString(settings.failureBudget()), Long.toString(settings.failureWindow().toMillis()));
        Check check = switch (result.intValue()) {
            case 1 -> Check.ACCEPTED;
            case 2 -> Check.WRONG;
            case 3 -> Check.EXHAUSTED;
            case 4 -> Check.LOCKED;
            case 5 -> Check.BUDGET_SPENT;
            default -> Check.ABSENT;
        };
        if (check == Check.BUDGET_SPENT) {
            channel.send(new NotificationChannel.Message(email, "Event Planner: codes refused for now",
                    settings.failureBudget() + " wrong codes were entered for your account, so no code is accepted"
                            + " for the next " + settings.failureWindow().toMinutes() + " minutes. If that was not"
                            + " you, someone may be trying to guess your codes; your password is unchanged."));
        }
        return check;
    }

    private Duration ttl(Purpose purpose) {
        return purpose == Purpose.PASSWORD_RESET ? settings.passwordResetTtl() : settings.ttl();
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
