package com.eventplanner.auth.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the account endpoints; unknown fields are rejected by the JSON mapper. */
final class AccountRequests {

    private AccountRequests() {
    }

    record Register(
            @NotBlank @Email @Size(max = 254) String email,
            @NotNull @Size(min = 8, max = 128) String password,
            @NotBlank @Size(max = 200) String fullName,
            @Pattern(regexp = "\\+?[0-9][0-9 ()-]{5,30}", message = "must be a phone number") String phone) {
    }

    /** The password is the one the address was registered with: the code alone proves the mailbox, not the password. */
    record Verify(
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Pattern(regexp = "[0-9]{6}", message = "must be 6 digits") String code,
            @NotNull @Size(max = 128) String password) {
    }

    record Resend(@NotBlank @Email @Size(max = 254) String email) {
    }

    record PasswordReset(@NotBlank @Email @Size(max = 254) String email) {
    }

    record ConfirmPasswordReset(
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Pattern(regexp = "[0-9]{6}", message = "must be 6 digits") String code,
            @NotNull @Size(min = 8, max = 128) String newPassword) {
    }

    record ChangePassword(
            @NotNull @Size(max = 128) String currentPassword,
            @NotNull @Size(min = 8, max = 128) String newPassword) {
    }
}
