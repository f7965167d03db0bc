package com.eventplanner.auth.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.eventplanner.auth.web.ClientInfo;
import com.eventplanner.security.AuthenticatedUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

@RestController
@RequestMapping(path = "/api/auth", produces = MediaType.APPLICATION_JSON_VALUE)
class SessionController {

    private final SessionService sessions;

    SessionController(SessionService sessions) {
        this.sessions = sessions;
    }

    @Operation(summary = "Log in with email and password; answers an access token and a refresh token")
    @PostMapping(path = "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    TokenResponse login(@Valid @RequestBody SessionRequests.Login body, HttpServletRequest request) {
        return sessions.login(body.email(), body.password(), ClientInfo.of(request));
    }

    @Operation(summary = "Exchange a refresh token for a new pair; a reused refresh token ends its whole session")
    @PostMapping(path = "/refresh", consumes = MediaType.APPLICATION_JSON_VALUE)
    TokenResponse refresh(@Valid @RequestBody SessionRequests.Refresh body, HttpServletRequest request) {
        return sessions.refresh(body.refreshToken(), ClientInfo.of(request));
    }

    @Operation(summary = "End the caller's session; its access and refresh tokens stop working at once",
            security = @SecurityRequirement(name = "bearer"))
    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@Parameter(hidden = true) AuthenticatedUser user, HttpServletRequest request) {
        sessions.logout(user, ClientInfo.of(request));
    }
}
