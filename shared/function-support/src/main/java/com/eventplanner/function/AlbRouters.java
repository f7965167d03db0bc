package com.eventplanner.function;

import com.eventplanner.function.alb.AlbRouter;

/** Starts route tables wired to the jar's JSON bodies and token verifier. */
@FunctionalInterface
public interface AlbRouters {

    AlbRouter.Builder builder();
}
