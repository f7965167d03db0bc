package com.eventplanner.auth;

import static com.eventplanner.auth.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.eventplanner.auth.AuthProperties.Retention;
import com.eventplanner.auth.token.RefreshTokenRetention;
import com.eventplanner.auth.token.RefreshTokenRetention.Purged;

/**
 * Refresh tokens and families do not pile up forever: what expired or ended longer than the retention (7 days) ago
 * goes, in bounded batches that several tasks can run at once; everything a client could still use stays.
 */
class RefreshTokenRetentionTest extends AuthApiTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RefreshTokenRetention retention;

    @Test
    void whatEndedBeforeTheRetentionGoesAndWhatCanStillBeUsedStays() {
        Api.Response live = newSession(uniqueEmail("keep-live"));
        Api.Response rotated = api.post("/api/auth/refresh", Map.of("refreshToken", live.text("refreshToken")));
        assertThat(rotated.status()).isEqualTo(200);
        Api.Response loggedOut = newSession(uniqueEmail("keep-logged-out"));
        assertThat(api.post("/api/auth/logout", "", bearer(loggedOut.text("accessToken"))).status()).isEqualTo(204);
        UUID revokedLongAgo = familyOf(newSession(uniqueEmail("revoked-long-ago")));
        UUID expiredLongAgo = familyOf(newSession(uniqueEmail("expired-long-ago")));
        Api.Response oldRotation = newSession(uniqueEmail("old-rotation"));
        Api.Response successor = api.post("/api/auth/refresh", Map.of("refreshToken", oldRotation.text("refreshToken")));
        assertThat(successor.status()).isEqualTo(200);

        jdbc.sql("update refresh_token_families set revoked_at = now() - interval '8 days', revoked_reason = 'LOGOUT'"
                + " where id = :id").param("id", revokedLongAgo).update();
        jdbc.sql("update refresh_tokens set expires_at = now() - interval '8 days' where family_id = :id")
                .param("id", expiredLongAgo).update();
        jdbc.sql("update refresh_token_families set expires_at = now() - interval '8 days' where id = :id")
                .param("id", expiredLongAgo).update();
        jdbc.sql("update refresh_tokens set expires_at = now() - interval '8 days' where family_id = :id"
                + " and rotated_at is not null").param("id", familyOf(oldRotation)).update();

        Purged purged = retention.purge();

        assertThat(purged.families()).isEqualTo(2);
        assertThat(purged.tokens()).isEqualTo(3);
        assertThat(families(revokedLongAgo, expiredLongAgo)).isZero();
        assertThat(tokensOf(revokedLongAgo) + tokensOf(expiredLongAgo)).isZero();
        assertThat(tokensOf(familyOf(oldRotation))).as("the live successor").isEqualTo(1);
        assertThat(tokensOf(familyOf(live))).as("rotated and successor, both within their life").isEqualTo(2);
        assertThat(families(familyOf(loggedOut))).as("revoked only now").isEqualTo(1);
        assertThat(api.post("/api/auth/refresh", Map.of("refreshToken", rotated.text("refreshToken"))).status())
                .isEqualTo(200);
        assertThat(api.post("/api/auth/refresh", Map.of("refreshToken", successor.text("refreshToken"))).status())
                .isEqualTo(200);
    }

    /** A backlog drains a bounded batch per statement and run, and four purges at once delete each row once. */
    @Test
    void aBacklogDrainsInBoundedBatchesSharedByConcurrentRuns() {
        UUID userId = UUID.fromString(api.get("/api/auth/me",
                bearer(newSession(uniqueEmail("backlog")).text("accessToken"))).text("id"));
        jdbc.sql("""
                insert into refresh_token_families (id, user_id, created_at, expires_at, revoked_at, revoked_reason)
                select gen_random_uuid(), :user, now() - interval '30 days', now() - interval '23 days',
                       case when n % 2 = 0 then now() - interval '20 days' end, case when n % 2 = 0 then 'LOGOUT' end
                from generate_series(1, 300) n""").param("user", userId).update();
        jdbc.sql("""
                insert into refresh_tokens (id, family_id, token_hash, issued_at, expires_at)
                select gen_random_uuid(), f.id, sha256(convert_to(gen_random_uuid()::text, 'UTF8')),
                       now() - interval '30 days', now() - interval '23 days' + n * interval '1 second'
                from refresh_token_families f, generate_series(1, 3) n
                where f.user_id = :user and f.created_at < now() - interval '29 days'""").param("user", userId).update();
        Retention small = new Retention(Duration.ofDays(7), Duration.ofMinutes(10), 40, 2);

        Purged one = new RefreshTokenRetention(jdbc, small, Clock.systemUTC()).purge();
        assertThat(one.tokens()).as("two kinds of token batches, two batches of 40 each").isEqualTo(160);
        assertThat(one.families()).isLessThanOrEqualTo(80);

        List<CompletableFuture<List<Purged>>> runners = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                    RefreshTokenRetention runner = new RefreshTokenRetention(jdbc, small, Clock.systemUTC());
                    List<Purged> runs = new ArrayList<>();
                    Purged run;
                    do {
                        run = runner.purge();
                        runs.add(run);
                    } while (run.tokens() + run.families() > 0);
                    return runs;
                })).toList();
        List<Purged> runs = runners.stream().flatMap(runner -> runner.join().stream()).toList();

        assertThat(one.tokens() + runs.stream().mapToInt(Purged::tokens).sum()).isEqualTo(900);
        assertThat(one.families() + runs.stream().mapToInt(Purged::families).sum()).isEqualTo(300);
        assertThat(jdbc.sql("select count(*) from refresh_token_families where user_id = :user")
                .param("user", userId).query(Long.class).single()).as("the user's own live session").isEqualTo(1);
    }

    @Test
    void thePurgeIsIndexed() {
        assertThat(jdbc.sql("select indexname from pg_indexes where tablename in ('refresh_tokens', 'refresh_token_families')")
                .query(String.class).list()).contains("refresh_tokens_by_expiry", "refresh_token_families_by_end");
    }

    private UUID familyOf(Api.Response session) {
        String payload = new String(Base64.getUrlDecoder().decode(session.text("accessToken").split("\\.")[1]),
                StandardCharsets.UTF_8);
        return UUID.fromString(Api.JSON.readTree(payload).path("sid").asString());
    }

    private long families(UUID... ids) {
        return jdbc.sql("select count(*) from refresh_token_families where id in (:ids)")
                .param("ids", List.of(ids)).query(Long.class).single();
    }

    private long tokensOf(UUID familyId) {
        return jdbc.sql("select count(*) from refresh_tokens where family_id = :id").param("id", familyId)
                .query(Long.class).single();
    }
}
