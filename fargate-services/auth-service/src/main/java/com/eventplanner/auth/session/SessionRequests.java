package com.eventplanner.auth.session;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

final class SessionRequests {

    private SessionRequests() {
    }

    record Login(
            @NotBlank @Email @Size(max = 254) String email,
            @NotNull @Size(max = 128) String password) {
    }

    record Refresh(@NotBlank @Size(max = 128) String refreshToken) {
    }
}
