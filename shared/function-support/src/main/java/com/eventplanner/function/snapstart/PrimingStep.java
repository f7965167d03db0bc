package com.eventplanner.function.snapstart;

/**
 * Work done once before a SnapStart snapshot so that restored environments start warm, and undone or renewed after
 * each restore. {@link #prime()} must have no side effects a user could see (no writes, no messages) and must leave
 * nothing unique behind: no open connections, ids or random seeds, since every restored copy would share them.
 */
public interface PrimingStep {

    /** Loads classes, warms JSON mapping, runs the function on a harmless request. */
    void prime() throws Exception;

    /** Renews what a snapshot must not share: connections, random seeds, clocks read at init. */
    default void afterRestore() throws Exception {
    }
}
