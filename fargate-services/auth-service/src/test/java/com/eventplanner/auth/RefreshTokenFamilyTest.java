package com.eventplanner.auth;

import static com.eventplanner.auth.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.eventplanner.audit.AuditRecord;

class RefreshTokenFamilyTest extends AuthApiTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void rotatedTokenPresentedAgainRevokesTheWholeFamily() {
        Api.Response login = newSession(uniqueEmail("reuse"));
        String first = login.text("refreshToken");
        String userId = idOf(login.text("accessToken"));
        Api.Response second = refresh(first);
        assertThat(second.status()).isEqualTo(200);
        Api.Response third = refresh(second.text("refreshToken"));
        assertThat(third.status()).isEqualTo(200);
        String newestAccess = third.text("accessToken");
        String newestRefresh = third.text("refreshToken");
        assertThat(api.get("/api/auth/me", bearer(newestAccess)).status()).isEqualTo(200);

        // the attacker (or the victim) replays the first, already rotated token
        assertProblem(refresh(first), 401);

        assertProblem(refresh(newestRefresh), 401);
        assertProblem(api.get("/api/auth/me", bearer(newestAccess)), 401);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(auditOf(userId))
                .extracting(AuditRecord::action).contains("auth.refresh.reuse_detected"));
    }

    @Test
    void anotherLoginOfTheSameUserSurvivesAReuseInOneFamily() {
        String email = uniqueEmail("two-families");
        String stolen = newSession(email).text("refreshToken");
        Api.Response other = login(email, PASSWORD);
        assertThat(refresh(stolen).status()).isEqualTo(200);
        assertProblem(refresh(stolen), 401);
        assertThat(refresh(other.text("refreshToken")).status()).isEqualTo(200);
    }

    @Test
    void concurrentUseOfOneTokenLetsAtMostOneWin() {
        String token = newSession(uniqueEmail("race")).text("refreshToken");
        List<Integer> statuses = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> refresh(token).status()))
                .map(CompletableFuture::join).toList();
        assertThat(statuses.stream().filter(s -> s == 200).count()).isLessThanOrEqualTo(1);
        assertThat(statuses).allMatch(s -> s == 200 || s == 401);
    }

    @Test
    void onlyTheHashOfARefreshTokenIsStored() {
        String token = newSession(uniqueEmail("hash-only")).text("refreshToken");
        List<byte[]> hashes = jdbc.sql("select token_hash from refresh_tokens").query(byte[].class).list();
        String needle = HexFormat.of().formatHex(token.getBytes());
        assertThat(hashes).isNotEmpty().noneMatch(h -> HexFormat.of().formatHex(h).contains(needle));
        assertThat(jdbc.sql("select count(*) from refresh_tokens where encode(token_hash, 'escape') like :t")
                .param("t", "%" + token + "%").query(Long.class).single()).isZero();
    }

    @Test
    void unknownRefreshTokenIsRejected() {
        assertProblem(refresh("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), 401);
    }

    private Api.Response refresh(String token) {
        return api.post("/api/auth/refresh", Map.of("refreshToken", token));
    }

    private String idOf(String accessToken) {
        return api.get("/api/auth/me", bearer(accessToken)).text("id");
    }
}
