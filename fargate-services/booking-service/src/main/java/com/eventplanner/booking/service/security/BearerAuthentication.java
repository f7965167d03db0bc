package com.eventplanner.booking.service.security;

import com.eventplanner.security.AuthenticatedUser;
import com.eventplanner.security.BearerToken;
import com.eventplanner.security.InvalidTokenException;
import com.eventplanner.security.JwtVerifier;
import com.eventplanner.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every {@code /api/bookings} route needs a bearer access token signed by auth-service (keys from its JWKS); the
 * verified {@link Caller} becomes a controller argument. Clients learn only that the token was refused, never why.
 */
@Component
class BearerAuthentication implements HandlerInterceptor, HandlerMethodArgumentResolver, WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(BearerAuthentication.class);
    private static final String CALLER = BearerAuthentication.class.getName() + ".caller";

    private final JwtVerifier verifier;

    BearerAuthentication(JwtVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/bookings", "/api/bookings/**")
                .excludePathPatterns("/api/bookings/v3/api-docs/**", "/api/bookings/swagger-ui/**",
                        "/api/bookings/swagger-ui.html");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        AuthenticatedUser user;
        try {
            user = verifier.verify(BearerToken.from(request.getHeader(HttpHeaders.AUTHORIZATION)).value());
        } catch (InvalidTokenException e) {
            if (e.reason() == InvalidTokenException.Reason.VERIFICATION_UNAVAILABLE) {
                log.warn("Token verification unavailable: {}", e.getMessage());
                throw new ApiException(503, "AUTHENTICATION_UNAVAILABLE",
                        "Access tokens cannot be verified right now; retry shortly.");
            }
            log.info("Bearer token refused: {} ({})", e.reason(), e.getMessage());
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            throw ApiException.unauthorized("A valid bearer access token is required.");
        }
        request.setAttribute(CALLER, new Caller(user));
        return true;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        Object caller = webRequest.getNativeRequest(HttpServletRequest.class).getAttribute(CALLER);
        if (!(caller instanceof Caller verified)) {
            throw ApiException.unauthorized("A valid bearer access token is required.");
        }
        return verified;
    }
}
