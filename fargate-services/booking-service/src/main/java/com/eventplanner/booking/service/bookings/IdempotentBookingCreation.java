package com.eventplanner.booking.service.bookings;

import com.eventplanner.booking.Booking;
import com.eventplanner.booking.Bookings;
import com.eventplanner.booking.IdempotencyKey;
import com.eventplanner.booking.Reservation;
import com.eventplanner.booking.ReservationOutcome;
import com.eventplanner.booking.service.security.Caller;
import com.eventplanner.web.ApiException;
import com.eventplanner.web.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/bookings} under an {@code Idempotency-Key}: the key is claimed by an insert in the booking's own
 * transaction, so concurrent requests with one key queue on its primary key and exactly one of them books; the
 * others then find the stored response and replay it. A refused booking (sold out, ...) releases the claim with it,
 * so a retry is answered afresh instead of replaying a failure that may no longer hold.
 */
@Component
class IdempotentBookingCreation {

    static final String HEADER = "Idempotency-Key";
    private static final String KEY_PATTERN = "[\\x21-\\x7E]{1,255}";

    private final Bookings bookings;
    private final JsonMapper json;

    IdempotentBookingCreation(Bookings bookings, JsonMapper json) {
        this.bookings = bookings;
        this.json = json;
    }

    record Response(int status, String body, UUID bookingId, boolean replayed) {
    }

    Response create(Caller caller, String key, CreateBookingRequest request) {
        if (key == null || !key.matches(KEY_PATTERN)) {
            throw ApiException.badRequest("INVALID_IDEMPOTENCY_KEY", "The Idempotency-Key header is invalid.",
                    new Problem.FieldError(HEADER, "must be 1 to 255 printable ASCII characters without spaces"));
        }
        IdempotencyKey idempotencyKey = new IdempotencyKey(key, requestHash(request), this::responseBody);
        Reservation reservation = new Reservation(caller.attendee(), request.eventId(), request.quantity(),
                idempotencyKey);
        // the key's holder may have been refused in the meantime, releasing it: then this request books afresh
        while (true) {
            ReservationOutcome outcome = bookings.reserve(reservation);
            if (outcome instanceof ReservationOutcome.Reserved reserved) {
                return new Response(201, reserved.response(), reserved.booking().id(), false);
            }
            if (outcome instanceof ReservationOutcome.Refused refused) {
                throw refused.reason();
            }
            Optional<IdempotencyKey.Stored> stored = bookings.storedResponse(caller.userId(), key);
            if (stored.isPresent()) {
                return replay(stored.get(), idempotencyKey);
            }
        }
    }

    private String responseBody(Booking booking) {
        return json.writeValueAsString(BookingResponse.of(booking));
    }

    private static Response replay(IdempotencyKey.Stored stored, IdempotencyKey key) {
        if (!stored.requestHash().equals(key.requestHash())) {
            throw ApiException.unprocessable("IDEMPOTENCY_KEY_REUSED",
                    "This Idempotency-Key was used with a different request body.",
                    new Problem.FieldError(HEADER, "already used for another request"));
        }
        return new Response(stored.status(), stored.body(), stored.bookingId(), true);
    }

    /** What makes two requests "the same": the parsed body, so formatting and field order do not matter. */
    private static String requestHash(CreateBookingRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    ("POST /api/bookings\n" + request.eventId() + "\n" + request.quantity())
                            .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
