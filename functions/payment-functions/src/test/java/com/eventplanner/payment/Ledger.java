package com.eventplanner.payment;

import com.eventplanner.localinfra.LocalInfrastructure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads the payment database directly, for what the API does not show (processor ids, tries). */
final class Ledger {

    private final LocalInfrastructure infra;

    Ledger(LocalInfrastructure infra) {
        this.infra = infra;
    }

    String intentOf(String attemptId) {
        return single("SELECT provider_intent_id FROM payment_attempt WHERE id = ?", UUID.fromString(attemptId));
    }

    String refundStatus(String paymentId) {
        return single("SELECT status || ':' || tries FROM payment_refund WHERE payment_id = ?",
                UUID.fromString(paymentId));
    }

    int refunds(String paymentId) {
        return Integer.parseInt(single("SELECT count(*) FROM payment_refund WHERE payment_id = ?",
                UUID.fromString(paymentId)));
    }

    private String single(String sql, Object parameter) {
        try (Connection connection = infra.dataSource("payment").getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
                return values.isEmpty() ? null : values.get(0);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
