package com.eventplanner.auth;

import static com.eventplanner.auth.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

/**
 * A refresh racing the end of its session (two threads released together, many times over, each side shifted by a
 * random fraction of a millisecond so the two requests overlap at every point): whatever the refresh answered, once
 * the logout has answered no token of that session works any more, neither the access token it may have issued nor
 * its refresh token.
 */
class RefreshRaceTest extends AuthApiTest {

    private static final int SESSIONS = 120;
    /** The test profile's login limit per account and minute. */
    private static final int LOGINS_PER_ACCOUNT = 5;

    @Test
    void noRefreshThatRacedALogoutLeavesAUsableToken() throws Exception {
        List<Api.Response> sessions = new ArrayList<>();
        while (sessions.size() < SESSIONS) {
            String email = uniqueEmail("race-logout");
            registerAndVerify(email);
            for (int i = 0; i < LOGINS_PER_ACCOUNT; i++) {
                Api.Response tokens = login(email, PASSWORD);
                assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
                sessions.add(tokens);
            }
        }
        List<Integer> survivors = new ArrayList<>();
        int refreshedBeforeLogout = 0;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int n = 0; n < sessions.size(); n++) {
                Api.Response session = sessions.get(n);
                CyclicBarrier start = new CyclicBarrier(2);
                long refreshDelay = ThreadLocalRandom.current().nextLong(0, 1_500_000);
                long logoutDelay = ThreadLocalRandom.current().nextLong(0, 1_500_000);
                CompletableFuture<Api.Response> refresh = CompletableFuture.supplyAsync(() -> {
                    await(start, refreshDelay);
                    return api.post("/api/auth/refresh", Map.of("refreshToken", session.text("refreshToken")));
                }, pool);
                CompletableFuture<Api.Response> logout = CompletableFuture.supplyAsync(() -> {
                    await(start, logoutDelay);
                    return api.post("/api/auth/logout", "", bearer(session.text("accessToken")));
                }, pool);
                Api.Response refreshed = refresh.get();
                assertThat(logout.get().status()).isEqualTo(204);
                if (refreshed.status() != 200) {
                    assertProblem(refreshed, 401);
                    continue;
                }
                refreshedBeforeLogout++;
                if (api.get("/api/auth/me", bearer(refreshed.text("accessToken"))).status() != 401
                        || api.post("/api/auth/refresh",
                        Map.of("refreshToken", refreshed.text("refreshToken"))).status() != 401) {
                    survivors.add(n);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(refreshedBeforeLogout).as("refreshes that got in before the logout: the race took place").isPositive();
        assertThat(survivors).as("sessions whose tokens outlived their logout (%d of %d refreshes won)",
                refreshedBeforeLogout, SESSIONS).isEmpty();
    }

    private static void await(CyclicBarrier barrier, long delayNanos) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        LockSupport.parkNanos(delayNanos);
    }
}
