package com.eventplanner.auth.account;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
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
class AccountController {

    private static final Map<String, String> PENDING = Map.of("status", "VERIFICATION_PENDING",
            "detail", "If the address can be registered, a verification code has been sent to it.");

    private static final Map<String, String> RESET_PENDING = Map.of("status", "PASSWORD_RESET_PENDING",
            "detail", "If the address has an account, a password reset code has been sent to it.");

    private final AccountService accounts;
    private final PasswordResetService passwordResets;

    AccountController(AccountService accounts, PasswordResetService passwordResets) {
        this.accounts = accounts;
        this.passwordResets = passwordResets;
    }

    @Operation(summary = "Register; a 6-digit code is sent to the email (same answer for a known email)")
    @PostMapping(path = "/register", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> register(@Valid @RequestBody AccountRequests.Register body, HttpServletRequest request) {
        accounts.register(body, ClientInfo.of(request));
        return PENDING;
    }

    @Operation(summary = "Verify the email with the code and the password it was registered with")
    @PostMapping(path = "/verify", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> verify(@Valid @RequestBody AccountRequests.Verify body, HttpServletRequest request) {
        accounts.verify(body, ClientInfo.of(request));
        return Map.of("status", "VERIFIED");
    }

    @Operation(summary = "Send a new code (at most once per cooldown; same answer for an unknown email)")
    @PostMapping(path = "/otp/resend", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> resend(@Valid @RequestBody AccountRequests.Resend body, HttpServletRequest request) {
        accounts.resend(body, ClientInfo.of(request));
        return PENDING;
    }

    @Operation(summary = "Ask for a password reset code by mail (same answer whether or not the account exists)")
    @PostMapping(path = "/password-reset", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> requestPasswordReset(@Valid @RequestBody AccountRequests.PasswordReset body,
                                             HttpServletRequest request) {
        passwordResets.request(body, ClientInfo.of(request));
        return RESET_PENDING;
    }

    @Operation(summary = "Set a new password with the mailed code; every session of the account ends")
    @PostMapping(path = "/password-reset/confirm", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void confirmPasswordReset(@Valid @RequestBody AccountRequests.ConfirmPasswordReset body,
                              HttpServletRequest request) {
        passwordResets.confirm(body, ClientInfo.of(request));
    }

    @Operation(summary = "The caller's account", security = @SecurityRequirement(name = "bearer"))
    @GetMapping("/me")
    AccountView me(@Parameter(hidden = true) AuthenticatedUser user) {
        return accounts.me(user);
    }

    @Operation(summary = "Change the password; every other session of the account ends",
            security = @SecurityRequirement(name = "bearer"))
    @PostMapping(path = "/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(@Parameter(hidden = true) AuthenticatedUser user,
                        @Valid @RequestBody AccountRequests.ChangePassword body, HttpServletRequest request) {
        accounts.changePassword(user, body, ClientInfo.of(request));
    }
}
