package com.eventplanner.auth.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/** Local development: an RSA key generated on first start and kept in a file, so tokens survive restarts. */
final class LocalFileSigningKeySource implements SigningKeySource {

    private static final Logger log = LoggerFactory.getLogger(LocalFileSigningKeySource.class);

    private final Path file;

    LocalFileSigningKeySource(Path file) {
        this.file = file;
    }

    @Override
    public JWKSet load() {
        try {
            if (!Files.exists(file)) {
                create();
            }
            return JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signing key file " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException("signing key file " + file + " is not a JWK Set", e);
        }
    }

    private void create() throws IOException {
        JWKSet generated = new JWKSet(generate());
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "signing-key", ".tmp");
        try {
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(tmp, generated.toString(false), StandardCharsets.UTF_8);
            // link fails if another instance won the race; then both use the winner's key
            Files.createLink(file, tmp);
            log.info("generated a new RS256 signing key in {}", file);
        } catch (FileAlreadyExistsException raced) {
            log.info("signing key file {} was created concurrently; using it", file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** RS256 rather than ES256: every API verifies each request's token, and JDK 17 checks RS256 ~10x faster. */
    static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate RSA key", e);
        }
    }
}
