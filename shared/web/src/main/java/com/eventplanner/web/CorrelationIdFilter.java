package com.eventplanner.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Binds the request's correlation id to the MDC for the whole request and echoes it in {@code X-Correlation-Id}.
 * The id is kept as a request attribute so error and async dispatches of the same request log the same id.
 */
public class CorrelationIdFilter extends HttpFilter {

    public static final String ATTRIBUTE = CorrelationIdFilter.class.getName() + ".id";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String id = request.getAttribute(ATTRIBUTE) instanceof String known
                ? known
                : CorrelationId.resolve(request.getHeader(CorrelationId.HEADER), request.getHeader(CorrelationId.TRACE_HEADER));
        request.setAttribute(ATTRIBUTE, id);
        if (!response.isCommitted()) {
            response.setHeader(CorrelationId.HEADER, id);
        }
        try (CorrelationId.Scope ignored = CorrelationId.open(id)) {
            chain.doFilter(request, response);
        }
    }
}
