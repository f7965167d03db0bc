package com.eventplanner.payment.gateway;

import java.util.UUID;

/** A processor's webhook, verified and reduced to what settles local state. */
public sealed interface WebhookEvent {

    /** The processor's event id: applied once, a replay changes nothing. */
    String id();

    String type();

    /** A charge changed: {@code attemptId} from the metadata the charge was created with (null if not ours). */
    record ChargeChanged(String id, String type, UUID attemptId, ChargeResult result) implements WebhookEvent {
    }

    /** Money went back on a charge: {@code amountRefunded} in minor units, the total so far. */
    record ChargeRefunded(String id, String type, String intentId, long amountRefunded) implements WebhookEvent {
    }

    record Ignored(String id, String type) implements WebhookEvent {
    }
}
