package com.eventplanner.function.alb;

/** Serves one route of an {@link AlbRouter}; throwing {@link com.eventplanner.web.ApiException} answers a problem. */
@FunctionalInterface
public interface RouteHandler {

    AlbResponse handle(AlbRequest request);
}
