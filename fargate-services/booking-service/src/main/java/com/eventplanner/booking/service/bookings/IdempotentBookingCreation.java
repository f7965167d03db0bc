package com.eventplanner.booking.service.bookings;

import com.eventplanner.booking.Booking;
import com.eventplanner.booking.Bookings;
import com.eventplanner.booking.service.security.Caller;
import com.eventplanner.web.ApiException;
import com.eventplanner.web.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/bookings} under an {@code Idempotency-Key}: the key is claimed by an insert in the booking's own
 * transaction, so concurrent requests with one key queue on its primary key and exactly one of them books; the
 * others then find the stored response and replay it. A refused booking (sold out, ...) rolls the claim back with
 * it, so a retry is answered afresh instead of replaying a failure that may no longer hold.
 */
@Component
class IdempotentBookingCreation {

    static final String HEADER = "Idempotency-Key";
    private static final String KEY_PATTERN = "[\\x21-\\x7E]{1,255}";

    private final Bookings bookings;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final JsonMapper json;

    IdempotentBookingCreation(Bookings bookings, DataSource dataSource, PlatformTransactionManager transactionManager,
                              JsonMapper json) {
        this.bookings = bookings;
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(transactionManager);
        this.json = json;
    }

    record Response(int status, String body, UUID bookingId, boolean replayed) {
    }

    Response create(Caller caller, String key, CreateBookingRequest request) {
        if (key == null || !key.matches(KEY_PATTERN)) {
            throw ApiException.badRequest("INVALID_IDEMPOTENCY_KEY", "The Idempotency-Key header is invalid.",
                    new Problem.FieldError(HEADER, "must be 1 to 255 printable ASCII characters without spaces"));
        }
        String hash = requestHash(request);
        return transaction.execute(status -> {
            int claimed = jdbc.update("""
                    INSERT INTO idempotency_key (user_id, idempotency_key, request_hash, created_at)
                    VALUES (?, ?, ?, now()) ON CONFLICT DO NOTHING""", caller.userId(), key, hash);
            if (claimed == 0) {
                return replay(caller.userId(), key, hash);
            }
            Booking booking = bookings.reserve(caller.attendee(), request.eventId(), request.quantity(),
                    reserved -> jdbc.update("""
                            UPDATE idempotency_key SET status_code = 201, response_body = ?, booking_id = ?
                            WHERE user_id = ? AND idempotency_key = ?""",
                            responseBody(reserved), reserved.id(), caller.userId(), key));
            return new Response(201, responseBody(booking), booking.id(), false);
        });
    }

    private String responseBody(Booking booking) {
        return json.writeValueAsString(BookingResponse.of(booking));
    }

    private Response replay(UUID userId, String key, String hash) {
        List<Response> stored = jdbc.query("""
                SELECT request_hash, status_code, response_body, booking_id FROM idempotency_key
                WHERE user_id = ? AND idempotency_key = ?""", (rs, row) -> {
            if (!hash.equals(rs.getString("request_hash"))) {
                throw ApiException.unprocessable("IDEMPOTENCY_KEY_REUSED",
                        "This Idempotency-Key was used with a different request body.",
                        new Problem.FieldError(HEADER, "already used for another request"));
            }
            return new Response(rs.getInt("status_code"), rs.getString("response_body"),
                    rs.getObject("booking_id", UUID.class), true);
        }, userId, key);
        return stored.get(0);
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
