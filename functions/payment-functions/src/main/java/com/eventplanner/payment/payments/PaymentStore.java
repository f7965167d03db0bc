package com.eventplanner.payment.payments;

import com.eventplanner.payment.gateway.Amount;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The payment database (V1__payments.sql). Every state change is a conditional or locked update. */
@Repository
class PaymentStore {

    private final JdbcClient jdbc;

    PaymentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // --- payments

    /** The booking's payment, created on its first attempt; a concurrent first attempt finds the same row. */
    Records.Payment paymentFor(UUID bookingId, UUID eventId, UUID userId, UUID organizerId, Amount amount,
                               Instant now) {
        jdbc.sql("""
                INSERT INTO payment (id, booking_id, event_id, user_id, organizer_id, amount_minor, currency, status,
                                     created_at, updated_at)
                VALUES (:id, :booking, :event, :user, :organizer, :amount, :currency, 'PROCESSING', :now, :now)
                ON CONFLICT (booking_id) DO NOTHING""")
                .param("id", UUID.randomUUID())
                .param("booking", bookingId)
                .param("event", eventId)
                .param("user", userId)
                .param("organizer", organizerId)
                .param("amount", amount.minor())
                .param("currency", amount.currency())
                .param("now", Timestamp.from(now))
                .update();
        return jdbc.sql("SELECT * FROM payment WHERE booking_id = :booking FOR UPDATE").param("booking", bookingId)
                .query(PaymentStore::payment).single();
    }

    Optional<Records.Payment> payment(UUID id) {
        return jdbc.sql("SELECT * FROM payment WHERE id = :id").param("id", id).query(PaymentStore::payment)
                .optional();
    }

    Optional<Records.Payment> lockPayment(UUID id) {
        return jdbc.sql("SELECT * FROM payment WHERE id = :id FOR UPDATE").param("id", id)
                .query(PaymentStore::payment).optional();
    }

    Optional<Records.Payment> paymentOfBooking(UUID bookingId) {
        return jdbc.sql("SELECT * FROM payment WHERE booking_id = :booking").param("booking", bookingId)
                .query(PaymentStore::payment).optional();
    }

    List<Records.Payment> paymentsOf(UUID userId, int limit) {
        return jdbc.sql("SELECT * FROM payment WHERE user_id = :user ORDER BY created_at DESC LIMIT :limit")
                .param("user", userId).param("limit", limit).query(PaymentStore::payment).list();
    }

    void paymentStatus(UUID id, PaymentStatus status, Instant now) {
        jdbc.sql("UPDATE payment SET status = :status, updated_at = :now WHERE id = :id")
                .param("status", status.name()).param("now", Timestamp.from(now)).param("id", id).update();
    }

    // --- attempts

    void insertAttempt(Records.Attempt attempt) {
        jdbc.sql("""
                INSERT INTO payment_attempt (id, payment_id, gateway, provider_idempotency_key, payment_method,
                                             amount_minor, currency, status, created_at, updated_at)
                VALUES (:id, :payment, :gateway, :key, :method, :amount, :currency, :status, :now, :now)""")
                .param("id", attempt.id())
                .param("payment", attempt.paymentId())
                .param("gateway", attempt.gateway())
                .param("key", attempt.idempotencyKey())
                .param("method", attempt.paymentMethod())
                .param("amount", attempt.amount().minor())
                .param("currency", attempt.amount().currency())
                .param("status", attempt.status().name())
                .param("now", Timestamp.from(attempt.createdAt()))
                .update();
    }

    Optional<Records.Attempt> attempt(UUID id) {
        return jdbc.sql("SELECT * FROM payment_attempt WHERE id = :id").param("id", id)
                .query(PaymentStore::attempt).optional();
    }

    Optional<Records.Attempt> lockAttempt(UUID id) {
        return jdbc.sql("SELECT * FROM payment_attempt WHERE id = :id FOR UPDATE").param("id", id)
                .query(PaymentStore::attempt).optional();
    }

    Optional<Records.Attempt> attemptByIntent(String intentId) {
        return jdbc.sql("SELECT * FROM payment_attempt WHERE provider_intent_id = :intent").param("intent", intentId)
                .query(PaymentStore::attempt).optional();
    }

    List<Records.Attempt> attemptsOf(UUID paymentId) {
        return jdbc.sql("SELECT * FROM payment_attempt WHERE payment_id = :payment ORDER BY created_at, id")
                .param("payment", paymentId).query(PaymentStore::attempt).list();
    }

    /** Attempts the processor left open, not touched since {@code before}, oldest first. */
    List<Records.Attempt> openAttempts(Instant before, int limit) {
        return jdbc.sql("""
                SELECT * FROM payment_attempt WHERE status IN ('PROCESSING', 'REQUIRES_ACTION')
                AND updated_at < :before ORDER BY updated_at LIMIT :limit""")
                .param("before", Timestamp.from(before)).param("limit", limit).query(PaymentStore::attempt).list();
    }

    void updateAttempt(UUID id, AttemptStatus status, String intentId, String failureCode, String declineCode,
                       String clientSecret, String nextActionType, Instant now) {
        jdbc.sql("""
                UPDATE payment_attempt SET status = :status, provider_intent_id = COALESCE(:intent, provider_intent_id),
                       failure_code = :failure, decline_code = :decline,
                       client_secret = COALESCE(:secret, client_secret),
                       next_action_type = COALESCE(:action, next_action_type), updated_at = :now
                WHERE id = :id""")
                .param("status", status.name())
                .param("intent", intentId)
                .param("failure", failureCode)
                .param("decline", declineCode)
                .param("secret", clientSecret)
                .param("action", nextActionType)
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    // --- Idempotency-Key claims

    /** True when this request claimed the key; false when another request holds or answered it. */
    boolean claim(UUID userId, String key, String requestHash, Instant now) {
        return jdbc.sql("""
                INSERT INTO payment_idempotency_key (user_id, idempotency_key, request_hash, created_at)
                VALUES (:user, :key, :hash, :now) ON CONFLICT DO NOTHING""")
                .param("user", userId).param("key", key).param("hash", requestHash).param("now", Timestamp.from(now))
                .update() == 1;
    }

    Optional<Records.Claim> claimed(UUID userId, String key) {
        return jdbc.sql("SELECT * FROM payment_idempotency_key WHERE user_id = :user AND idempotency_key = :key")
                .param("user", userId).param("key", key)
                .query((rs, row) -> new Records.Claim(rs.getObject("user_id", UUID.class),
                        rs.getString("idempotency_key"), rs.getString("request_hash"),
                        rs.getObject("attempt_id", UUID.class), (Integer) rs.getObject("status_code"),
                        rs.getString("response_body")))
                .optional();
    }

    void linkClaim(UUID userId, String key, UUID attemptId) {
        jdbc.sql("UPDATE payment_idempotency_key SET attempt_id = :attempt WHERE user_id = :user "
                        + "AND idempotency_key = :key")
                .param("attempt", attemptId).param("user", userId).param("key", key).update();
    }

    /** The attempt's first answer, kept for the key that started it (once: a later settlement keeps it). */
    void answerClaim(UUID attemptId, int statusCode, String body) {
        jdbc.sql("""
                UPDATE payment_idempotency_key SET status_code = :status, response_body = :body
                WHERE attempt_id = :attempt AND response_body IS NULL""")
                .param("status", statusCode).param("body", body).param("attempt", attemptId).update();
    }

    // --- refunds

    /** The refund of a captured attempt; false when it was requested already. */
    boolean insertRefund(Records.Refund refund) {
        return jdbc.sql("""
                INSERT INTO payment_refund (id, payment_id, attempt_id, amount_minor, currency, reason,
                                            provider_idempotency_key, status, next_try_at, created_at, updated_at)
                VALUES (:id, :payment, :attempt, :amount, :currency, :reason, :key, :status, :now, :now, :now)
                ON CONFLICT (attempt_id) DO NOTHING""")
                .param("id", refund.id())
                .param("payment", refund.paymentId())
                .param("attempt", refund.attemptId())
                .param("amount", refund.amount().minor())
                .param("currency", refund.amount().currency())
                .param("reason", refund.reason())
                .param("key", refund.idempotencyKey())
                .param("status", refund.status().name())
                .param("now", Timestamp.from(refund.createdAt()))
                .update() == 1;
    }

    Optional<Records.Refund> refund(UUID id) {
        return jdbc.sql("SELECT * FROM payment_refund WHERE id = :id").param("id", id).query(PaymentStore::refund)
                .optional();
    }

    Optional<Records.Refund> lockRefund(UUID id) {
        return jdbc.sql("SELECT * FROM payment_refund WHERE id = :id FOR UPDATE").param("id", id)
                .query(PaymentStore::refund).optional();
    }

    Optional<Records.Refund> refundOfAttempt(UUID attemptId) {
        return jdbc.sql("SELECT * FROM payment_refund WHERE attempt_id = :attempt").param("attempt", attemptId)
                .query(PaymentStore::refund).optional();
    }

    List<Records.Refund> refundsOf(UUID paymentId) {
        return jdbc.sql("SELECT * FROM payment_refund WHERE payment_id = :payment ORDER BY created_at")
                .param("payment", paymentId).query(PaymentStore::refund).list();
    }

    List<UUID> dueRefunds(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id FROM payment_refund WHERE status IN ('PENDING', 'PROCESSING') AND next_try_at <= :now
                ORDER BY next_try_at LIMIT :limit""")
                .param("now", Timestamp.from(now)).param("limit", limit)
                .query((rs, row) -> rs.getObject(1, UUID.class)).list();
    }

    void updateRefund(UUID id, RefundStatus status, String providerRefundId, int tries, Instant nextTryAt,
                      String lastError, Instant now) {
        jdbc.sql("""
                UPDATE payment_refund SET status = :status,
                       provider_refund_id = COALESCE(:provider, provider_refund_id), tries = :tries,
                       next_try_at = :next, last_error = :error, updated_at = :now
                WHERE id = :id""")
                .param("status", status.name())
                .param("provider", providerRefundId)
                .param("tries", tries)
                .param("next", Timestamp.from(nextTryAt))
                .param("error", lastError)
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    // --- webhooks

    /** True the first time an event id is seen: a replayed webhook is refused. */
    boolean firstDelivery(String eventId, String type, Instant now) {
        return jdbc.sql("""
                INSERT INTO webhook_event (id, type, received_at) VALUES (:id, :type, :now)
                ON CONFLICT DO NOTHING""")
                .param("id", eventId).param("type", type).param("now", Timestamp.from(now)).update() == 1;
    }

    private static Records.Payment payment(ResultSet rs, int row) throws SQLException {
        return new Records.Payment(rs.getObject("id", UUID.class), rs.getObject("booking_id", UUID.class),
                rs.getObject("event_id", UUID.class), rs.getObject("user_id", UUID.class),
                rs.getObject("organizer_id", UUID.class), amount(rs),
                PaymentStatus.valueOf(rs.getString("status")), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Records.Attempt attempt(ResultSet rs, int row) throws SQLException {
        return new Records.Attempt(rs.getObject("id", UUID.class), rs.getObject("payment_id", UUID.class),
                rs.getString("gateway"), rs.getString("provider_idempotency_key"), rs.getString("provider_intent_id"),
                rs.getString("payment_method"), amount(rs), AttemptStatus.valueOf(rs.getString("status")),
                rs.getString("failure_code"), rs.getString("decline_code"), rs.getString("client_secret"),
                rs.getString("next_action_type"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Records.Refund refund(ResultSet rs, int row) throws SQLException {
        return new Records.Refund(rs.getObject("id", UUID.class), rs.getObject("payment_id", UUID.class),
                rs.getObject("attempt_id", UUID.class), amount(rs), rs.getString("reason"),
                rs.getString("provider_idempotency_key"), rs.getString("provider_refund_id"),
                RefundStatus.valueOf(rs.getString("status")), rs.getInt("tries"), instant(rs, "next_try_at"),
                rs.getString("last_error"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Amount amount(ResultSet rs) throws SQLException {
        return new Amount(rs.getLong("amount_minor"), rs.getString("currency"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
