package com.eventplanner.event.catalog;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;

/** What an organizer writes when creating or editing an event (the body of POST and PUT). */
record EventDetails(
        @NotBlank @Size(max = 200) String title,
        @Size(max = 5000) String description,
        @NotNull @Valid VenueDetails venue,
        @NotNull @Future Instant startsAt,
        @NotNull @Future Instant endsAt,
        @NotBlank @Size(max = 64) String timeZone,
        @NotNull @Min(1) @Max(100_000) Integer capacity,
        @NotNull @Valid PriceDetails price) {

    EventDetails {
        description = description == null ? "" : description.strip();
        title = title == null ? null : title.strip();
    }

    record VenueDetails(@NotBlank @Size(max = 200) String name,
                        @NotBlank @Size(max = 300) String address,
                        @NotBlank @Size(max = 100) String city) {
    }

    // explicit message: the default one needs Jakarta EL, which this jar leaves out
    record PriceDetails(@NotNull @DecimalMin(value = "0.00", message = "must be 0 or more")
                        @Digits(integer = 10, fraction = 2) BigDecimal amount,
                        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code") String currency) {
    }
}
