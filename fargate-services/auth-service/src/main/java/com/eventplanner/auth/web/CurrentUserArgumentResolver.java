package com.eventplanner.auth.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import com.eventplanner.security.AuthenticatedUser;
import com.eventplanner.security.JwtVerifier;

/**
 * A handler parameter of type {@link AuthenticatedUser} makes the endpoint require a valid access token whose session
 * is still open; a missing or rejected token ends the request with 401 before the handler runs.
 */
final class CurrentUserArgumentResolver implements HandlerMethodArgumentResolver {

    private final JwtVerifier verifier;

    CurrentUserArgumentResolver(JwtVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == AuthenticatedUser.class;
    }

    @Override
    public AuthenticatedUser resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                             NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        return verifier.verifyAuthorizationHeader(request.getHeader("Authorization"));
    }
}
