package com.eventplanner.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eventplanner.contracts.InvalidMessageException.Reason;
import com.eventplanner.contracts.booking.BookingCancelled;
import com.eventplanner.contracts.booking.BookingConfirmed;
import com.eventplanner.contracts.booking.BookingCreated;
import com.eventplanner.contracts.booking.BookingExpired;
import com.eventplanner.contracts.booking.CancellationReason;
import com.eventplanner.contracts.event.EventCancelled;
import com.eventplanner.contracts.event.EventCreated;
import com.eventplanner.contracts.event.EventUpdated;
import com.eventplanner.contracts.event.Venue;
import com.eventplanner.contracts.payment.PaymentCompleted;
import com.eventplanner.contracts.payment.PaymentFailed;
import com.eventplanner.contracts.payment.PaymentRefunded;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageCodecTest {

    private static final UUID A = UUID.fromString("11111111-1111-1111-1111-111111111111");
    private static final UUID B = UUID.fromString("22222222-2222-2222-2222-222222222222");
    private static final UUID C = UUID.fromString("33333333-3333-3333-3333-333333333333");
    private static final Instant AT = Instant.parse("2026-12-01T19:30:00Z");
    private static final Money PRICE = new Money(new BigDecimal("49.90"), "EUR");
    private static final Venue VENUE = new Venue("Hall 1", "Main St 1", "Berlin");

    private final MessageCodec codec = new MessageCodec();

    static Stream<Payload> oneOfEachType() {
        return Stream.of(
                new EventCreated(A, B, "Concert", VENUE, AT, AT.plusSeconds(7200), "Europe/Berlin", 50, PRICE),
                new EventUpdated(A, B, "Concert II", VENUE, AT, AT.plusSeconds(7200), "Europe/Berlin", 60, PRICE),
                new EventCancelled(A, B, "Concert", null),
                new BookingCreated(C, A, B, "ann@example.com", "Ann", 2, PRICE.multiply(2), AT),
                new BookingConfirmed(C, A, B, 2, UUID.randomUUID()),
                new BookingCancelled(C, A, B, 2, CancellationReason.REFUND_LATE_PAYMENT, true, A),
                new BookingExpired(C, A, B, 2),
                new PaymentCompleted(A, C, B, PRICE),
                new PaymentFailed(A, C, B, PRICE, "card_declined"),
                new PaymentRefunded(A, C, B, PRICE, "EVENT_CANCELLED"));
    }

    @Test
    void everyMessageTypeHasAnExample() {
        assertThat(oneOfEachType().map(Payload::type)).containsExactlyInAnyOrder(MessageType.values());
    }

    @ParameterizedTest
    @MethodSource("oneOfEachType")
    void roundTripsEveryType(Payload data) {
        Envelope<Payload> sent = Envelope.of(data, "test", "corr-1", AT);

        String json = codec.encode(sent);
        Envelope<?> received = codec.decode(json);

        assertThat(received).isEqualTo(sent);
        assertThat(json).contains("\"type\":\"" + data.type().wireName() + "\"");
    }

    @Test
    void writesTheDocumentedShape() {
        String json = codec.encode(Envelope.of(new BookingExpired(C, A, B, 2), "booking-service", "corr-1", AT));

        assertThat(json).contains("\"occurredAt\":\"2026-12-01T19:30:00Z\"", "\"version\":1",
                "\"source\":\"booking-service\"", "\"correlationId\":\"corr-1\"", "\"data\":{\"bookingId\":");
    }

    @Test
    void rejectsMalformedJson() {
        assertRejected("{\"id\": ", Reason.MALFORMED_JSON, null, "malformed JSON");
        assertRejected("[1,2]", Reason.MALFORMED_JSON, null, "not a JSON object");
        assertRejected("", Reason.MALFORMED_JSON, null, "empty");
    }

    @Test
    void rejectsAMissingEnvelopeField() {
        String json = valid().replace("\"correlationId\":\"corr-1\",", "");
        assertRejected(json, Reason.MISSING_FIELD, "correlationId", "missing field 'correlationId'");
    }

    @Test
    void rejectsAMissingDataFieldNamingIt() {
        String json = valid().replace(",\"quantity\":2", "");
        assertRejected(json, Reason.MISSING_FIELD, "data.quantity", "booking.expired v1: missing field 'data.quantity'");
    }

    @Test
    void rejectsAMissingNestedField() {
        String json = codec.encode(Envelope.of(new PaymentCompleted(A, C, B, PRICE), "payments", "c", AT))
                .replace(",\"currency\":\"EUR\"", "");
        assertRejected(json, Reason.MISSING_FIELD, "data.amount.currency", "missing field 'data.amount.currency'");
    }

    @Test
    void acceptsAnAbsentOptionalField() {
        String json = codec.encode(Envelope.of(new EventCancelled(A, B, "Concert", null), "events", "c", AT));
        assertThat(((EventCancelled) codec.decode(json).data()).reason()).isNull();
    }

    @Test
    void rejectsAnIllTypedField() {
        String json = valid().replace("\"quantity\":2", "\"quantity\":\"two\"");
        assertRejected(json, Reason.INVALID_FIELD, "data.quantity", "field 'data.quantity' has the wrong type");
        assertRejected(valid().replace(C.toString(), "not-a-uuid"), Reason.INVALID_FIELD, "data.bookingId",
                "data.bookingId");
        assertRejected(valid().replace("2026-12-01T19:30:00Z", "yesterday"), Reason.INVALID_FIELD, "occurredAt",
                "occurredAt");
    }

    @Test
    void rejectsAnUnknownType() {
        assertRejected(valid().replace("booking.expired", "booking.teleported"), Reason.UNKNOWN_TYPE, "type",
                "unknown message type 'booking.teleported'");
    }

    @Test
    void rejectsAnUnsupportedVersion() {
        assertRejected(valid().replace("\"version\":1", "\"version\":2"), Reason.UNSUPPORTED_VERSION, "version",
                "unsupported version 2 of booking.expired");
    }

    @Test
    void ignoresUnknownExtraFields() {
        String json = valid().replace("\"quantity\":2", "\"quantity\":2,\"seatMap\":\"A1\"");
        assertThat(codec.decode(json).data()).isEqualTo(new BookingExpired(C, A, B, 2));
    }

    @Test
    void decodingAsTheWrongPayloadTypeIsRefused() {
        assertThatThrownBy(() -> codec.decode(valid(), BookingCreated.class))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("expected a message of BookingCreated but got booking.expired");
    }

    @Test
    void everyTypeGoesToItsContextsTopic() {
        for (MessageType type : MessageType.values()) {
            String context = type.wireName().substring(0, type.wireName().indexOf('.'));
            assertThat(type.topic()).isEqualTo("eventplanner-" + context + "-topic");
        }
        assertThat(Destinations.TOPICS).containsAll(Arrays.stream(MessageType.values()).map(MessageType::topic).toList());
    }

    private String valid() {
        return codec.encode(new Envelope<>(A, MessageType.BOOKING_EXPIRED, 1, "booking-service", AT, "corr-1",
                new BookingExpired(C, A, B, 2)));
    }

    private void assertRejected(String json, Reason reason, String field, String messagePart) {
        assertThatThrownBy(() -> codec.decode(json))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    if (field != null) {
                        assertThat(e.field()).isEqualTo(field);
                    }
                })
                .hasMessageContaining(messagePart);
    }
}
