package com.eventplanner.payment.payments;

import com.eventplanner.contracts.Money;
import com.eventplanner.web.ApiException;
import com.eventplanner.web.CorrelationId;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * booking-service's {@code GET /api/bookings/{id}} at its Cloud Map name, with the caller's token, so booking-service
 * decides whether the caller may see the booking: the amount and currency of a payment come from here, never from
 * the client. A short timeout; an unreachable or failing booking-service is a 503 and nothing is charged.
 */
final class BookingClient {

    private static final Logger log = LoggerFactory.getLogger(BookingClient.class);

    private final URI baseUrl;
    private final Duration timeout;
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    BookingClient(URI baseUrl, Duration timeout) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
    }

    /** What a payment needs of a booking, as booking-service renders it. */
    record Booking(UUID id, UUID eventId, UUID userId, UUID organizerId, Money amount, String status,
                   Instant holdExpiresAt) {
    }

    Booking booking(UUID bookingId, String authorization) {
        URI uri = baseUrl.resolve("/api/bookings/" + bookingId);
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setRequestProperty("Accept", "application/json");
            connection.setRequestProperty("Authorization", authorization);
            CorrelationId.current().ifPresent(id -> connection.setRequestProperty(CorrelationId.HEADER, id));
            int status = connection.getResponseCode();
            if (status == 200) {
                try (InputStream in = connection.getInputStream()) {
                    return json.readValue(in, Booking.class);
                }
            }
            drain(connection);
            if (status == 404 || status == 403) {
                throw notFound();
            }
            if (status == 401) {
                throw ApiException.unauthorized("A valid access token is required");
            }
            log.warn("booking-service answered {} for booking {}", status, bookingId);
        } catch (IOException | JacksonException e) {
            log.warn("booking-service unreachable for booking {}: {}", bookingId, e.toString());
        }
        throw new ApiException(503, "BOOKING_SERVICE_UNAVAILABLE",
                "The booking cannot be checked right now; nothing was charged. Retry shortly.");
    }

    static ApiException notFound() {
        return ApiException.notFound("BOOKING_NOT_FOUND", "No such booking");
    }

    private static void drain(HttpURLConnection connection) {
        try (InputStream error = connection.getErrorStream()) {
            if (error != null) {
                error.readAllBytes();
            }
        } catch (IOException e) {
            connection.disconnect();
        }
    }
}
