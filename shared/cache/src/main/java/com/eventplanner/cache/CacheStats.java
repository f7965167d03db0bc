package com.eventplanner.cache;

/**
 * Counters of {@link CacheAside}.
 *
 * @param hits     values served from Redis
 * @param misses   values Redis did not have, loaded and (when not null) stored
 * @param errors   Redis errors and timeouts (each one was answered by the loader or ignored, never thrown)
 * @param bypassed calls that skipped Redis because the circuit was open
 */
public record CacheStats(long hits, long misses, long errors, long bypassed) {
}
