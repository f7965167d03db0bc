package com.eventplanner.contracts;

import com.eventplanner.contracts.booking.BookingCancelled;
import com.eventplanner.contracts.booking.BookingConfirmed;
import com.eventplanner.contracts.booking.BookingCreated;
import com.eventplanner.contracts.booking.BookingExpired;
import com.eventplanner.contracts.event.EventCancelled;
import com.eventplanner.contracts.event.EventCreated;
import com.eventplanner.contracts.event.EventUpdated;
import com.eventplanner.contracts.payment.PaymentCompleted;
import com.eventplanner.contracts.payment.PaymentFailed;
import com.eventplanner.contracts.payment.PaymentRefunded;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every message the system exchanges: its wire name (the SNS message attribute {@code type} that subscriptions filter
 * on), the topic it is published to, its payload record and the versions a consumer of this build understands.
 */
public enum MessageType {
    EVENT_CREATED("event.created", Destinations.EVENT_TOPIC, EventCreated.class),
    EVENT_UPDATED("event.updated", Destinations.EVENT_TOPIC, EventUpdated.class),
    EVENT_CANCELLED("event.cancelled", Destinations.EVENT_TOPIC, EventCancelled.class),
    BOOKING_CREATED("booking.created", Destinations.BOOKING_TOPIC, BookingCreated.class),
    BOOKING_CONFIRMED("booking.confirmed", Destinations.BOOKING_TOPIC, BookingConfirmed.class),
    BOOKING_CANCELLED("booking.cancelled", Destinations.BOOKING_TOPIC, BookingCancelled.class),
    BOOKING_EXPIRED("booking.expired", Destinations.BOOKING_TOPIC, BookingExpired.class),
    PAYMENT_COMPLETED("payment.completed", Destinations.PAYMENT_TOPIC, PaymentCompleted.class),
    PAYMENT_FAILED("payment.failed", Destinations.PAYMENT_TOPIC, PaymentFailed.class),
    PAYMENT_REFUNDED("payment.refunded", Destinations.PAYMENT_TOPIC, PaymentRefunded.class);

    /** The schema version producers of this build write. */
    public static final int CURRENT_VERSION = 1;

    private static final Map<String, MessageType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(MessageType::wireName, Function.identity()));

    private final String wireName;
    private final String topic;
    private final Class<? extends Payload> payloadClass;

    MessageType(String wireName, String topic, Class<? extends Payload> payloadClass) {
        this.wireName = wireName;
        this.topic = topic;
        this.payloadClass = payloadClass;
    }

    public String wireName() {
        return wireName;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends Payload> payloadClass() {
        return payloadClass;
    }

    public boolean supportsVersion(int version) {
        return version == CURRENT_VERSION;
    }

    public static Optional<MessageType> fromWireName(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
