package com.eventplanner.auth.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who is calling: the client address (already taken from X-Forwarded-For by Tomcat's RemoteIpValve when the request
 * came through the ALB) and the user agent, cut to a sane length for audit records.
 */
public record ClientInfo(String ip, String userAgent) {

    private static final int MAX_USER_AGENT = 256;

    public static ClientInfo of(HttpServletRequest request) {
        String agent = request.getHeader("User-Agent");
        if (agent != null && agent.length() > MAX_USER_AGENT) {
            agent = agent.substring(0, MAX_USER_AGENT);
        }
        return new ClientInfo(request.getRemoteAddr(), agent);
    }
}
