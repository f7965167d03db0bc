package com.eventplanner.contracts;

import java.util.List;

/**
 * Topic and queue names: the one place code refers to them. {@code template.yaml} declares the same names and a test
 * keeps the two in step; in AWS the code receives topic ARNs and queue URLs through environment variables.
 */
public final class Destinations {

    public static final String EVENT_TOPIC = "eventplanner-event-topic";
    public static final String BOOKING_TOPIC = "eventplanner-booking-topic";
    public static final String PAYMENT_TOPIC = "eventplanner-payment-topic";

    public static final String EVENT_CREATED_NOTIFICATION_QUEUE = "event-created-notification-queue";
    public static final String EVENT_CREATED_BOOKING_QUEUE = "event-created-booking-queue";
    public static final String EVENT_UPDATED_BOOKING_QUEUE = "event-updated-booking-queue";
    public static final String EVENT_CANCELLED_BOOKING_QUEUE = "event-cancelled-booking-queue";
    public static final String BOOKING_CREATED_NOTIFICATION_QUEUE = "booking-created-notification-queue";
    public static final String BOOKING_CREATED_EVENT_QUEUE = "booking-created-event-queue";
    public static final String BOOKING_CONFIRMED_EVENT_QUEUE = "booking-confirmed-event-queue";
    public static final String BOOKING_CANCELLED_EVENT_QUEUE = "booking-cancelled-event-queue";
    public static final String BOOKING_EXPIRED_EVENT_QUEUE = "booking-expired-event-queue";
    public static final String BOOKING_CANCELLED_PAYMENT_QUEUE = "booking-cancelled-payment-queue";
    public static final String PAYMENT_COMPLETED_NOTIFICATION_QUEUE = "payment-completed-notification-queue";
    public static final String PAYMENT_COMPLETED_BOOKING_QUEUE = "payment-completed-booking-queue";
    public static final String PAYMENT_FAILED_NOTIFICATION_QUEUE = "payment-failed-notification-queue";

    /** Every dead-letter queue is its source queue's name with this suffix. */
    public static final String DLQ_SUFFIX = "-dlq";

    public static final List<String> TOPICS = List.of(EVENT_TOPIC, BOOKING_TOPIC, PAYMENT_TOPIC);

    public static final List<String> QUEUES = List.of(
            EVENT_CREATED_NOTIFICATION_QUEUE,
            EVENT_CREATED_BOOKING_QUEUE,
            EVENT_UPDATED_BOOKING_QUEUE,
            EVENT_CANCELLED_BOOKING_QUEUE,
            BOOKING_CREATED_NOTIFICATION_QUEUE,
            BOOKING_CREATED_EVENT_QUEUE,
            BOOKING_CONFIRMED_EVENT_QUEUE,
            BOOKING_CANCELLED_EVENT_QUEUE,
            BOOKING_EXPIRED_EVENT_QUEUE,
            BOOKING_CANCELLED_PAYMENT_QUEUE,
            PAYMENT_COMPLETED_NOTIFICATION_QUEUE,
            PAYMENT_COMPLETED_BOOKING_QUEUE,
            PAYMENT_FAILED_NOTIFICATION_QUEUE);

    public static String deadLetterQueue(String queue) {
        return queue + DLQ_SUFFIX;
    }

    private Destinations() {
    }
}
