package com.eventplanner.auth.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import com.eventplanner.auth.token.AccessTokenIssuer;
import com.eventplanner.auth.token.SigningKeys;
import com.eventplanner.security.AuthenticatedUser;
import com.eventplanner.security.JwtVerifier;
import com.eventplanner.security.Role;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;

/**
 * What every other service does per request: verify an auth-service access token with keys fetched from the JWKS
 * endpoint and cached (one fetch in setup, then none). {@code fullCheck} parses, checks the ES256 signature and the
 * claims every time, {@code fullCheckRs256} the same for a token signed with an RSA-2048 key; {@code repeatedToken} is the shared verifier's default, which remembers tokens it already
 * verified until they expire. The session lookup is left out: it is one Redis round trip, measured by the HTTP
 * benchmark instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JwtVerificationBenchmark {

    private HttpServer jwksServer;
    private JwtVerifier fullCheck;
    private JwtVerifier rememberingVerifier;
    private String token;
    private String rs256Token;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SigningKeys signingKeys = new SigningKeys(
                new JWKSet(new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate()));
        SigningKeys rsaKeys = new SigningKeys(
                new JWKSet(new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate()));
        JWKSet published = new JWKSet(List.of(signingKeys.publicKeys().getKeys().get(0),
                rsaKeys.publicKeys().getKeys().get(0)));
        byte[] jwks = published.toString().getBytes(StandardCharsets.UTF_8);
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        jwksServer.start();
        URI url = URI.create("http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks.json");
        fullCheck = JwtVerifier.builder("https://auth.eventplanner.local", "eventplanner").jwksUrl(url)
                .verifiedTokenCacheSize(0).build();
        rememberingVerifier = JwtVerifier.builder("https://auth.eventplanner.local", "eventplanner").jwksUrl(url).build();
        token = issue(signingKeys);
        rs256Token = issue(rsaKeys);
        fullCheck.verify(token);
        fullCheck.verify(rs256Token);
        rememberingVerifier.verify(token);
    }

    private static String issue(SigningKeys keys) {
        return new AccessTokenIssuer(keys, "https://auth.eventplanner.local", "eventplanner", Duration.ofHours(1),
                Clock.systemUTC())
                .issue(UUID.randomUUID(), "bench@example.com", "Bench", EnumSet.of(Role.ATTENDEE), UUID.randomUUID().toString());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        jwksServer.stop(0);
    }

    @Benchmark
    public AuthenticatedUser fullCheck() {
        return fullCheck.verify(token);
    }

    @Benchmark
    public AuthenticatedUser fullCheckRs256() {
        return fullCheck.verify(rs256Token);
    }

    @Benchmark
    public AuthenticatedUser repeatedToken() {
        return rememberingVerifier.verify(token);
    }
}
