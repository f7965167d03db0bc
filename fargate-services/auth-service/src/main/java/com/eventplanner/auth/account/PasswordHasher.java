package com.eventplanner.auth.account;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import com.eventplanner.auth.AuthProperties;

/**
 * Argon2id in PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}). Parameters are read back from each
 * stored hash, so raising them later keeps old hashes verifiable; {@link #needsRehash} tells when to upgrade one.
 */
public final class PasswordHasher {

    /** OWASP Password Storage Cheat Sheet minimum for Argon2id. */
    static final int MIN_MEMORY_KIB = 19 * 1024;
    static final int MIN_ITERATIONS = 2;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final Semaphore permits;
    private final SecureRandom random = new SecureRandom();
    /** Verified against when the email is unknown, so both answers cost one Argon2id run. */
    private final String decoy;

    public PasswordHasher(AuthProperties.Password params) {
        if (params.memoryKib() < MIN_MEMORY_KIB || params.iterations() < MIN_ITERATIONS || params.parallelism() < 1) {
            throw new IllegalArgumentException("Argon2id parameters below OWASP minimum (m>=19456 KiB, t>=2, p>=1)");
        }
        this.memoryKib = params.memoryKib();
        this.iterations = params.iterations();
        this.parallelism = params.parallelism();
        this.permits = new Semaphore(Math.max(1, params.maxConcurrent()), true);
        this.decoy = hash("decoy-password-never-matches");
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    public boolean matches(String password, String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 6 || !"argon2id".equals(parts[1])) {
            return false;
        }
        int m = 0, t = 0, p = 0;
        for (String kv : parts[3].split(",")) {
            int value = Integer.parseInt(kv.substring(2));
            switch (kv.charAt(0)) {
                case 'm' -> m = value;
                case 't' -> t = value;
                case 'p' -> p = value;
                default -> { return false; }
            }
        }
        byte[] salt = B64D.decode(parts[4]);
        byte[] expected = B64D.decode(parts[5]);
        byte[] actual = derive(password, salt, m, t, p, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Burns the same time as a real check; used when there is no account to check against. */
    public void matchDecoy(String password) {
        matches(password, decoy);
    }

    public boolean needsRehash(String encoded) {
        return !encoded.startsWith("$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$");
    }

    private byte[] derive(String password, byte[] salt, int m, int t, int p, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(m)
                .withIterations(t)
                .withParallelism(p)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        permits.acquireUninterruptibly();
        try {
            generator.generateBytes(password.toCharArray(), out);
        } finally {
            permits.release();
        }
        return out;
    }
}
