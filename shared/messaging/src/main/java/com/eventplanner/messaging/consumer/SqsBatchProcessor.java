package com.eventplanner.messaging.consumer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.InvalidMessageException;
import com.eventplanner.contracts.MessageCodec;
import com.eventplanner.contracts.Payload;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns an {@link SQSEvent} into an {@link SQSBatchResponse} for {@code ReportBatchItemFailures}: every record is
 * decoded and handled on its own, a failure is reported by message id (SQS redelivers it, and after maxReceiveCount
 * moves it to the DLQ), and a record whose envelope id was already processed is acknowledged without running again.
 * Undecodable records are failures too, never dropped: they end in the DLQ where a person can read them. Given the
 * Lambda context, the invocation's {@link InvocationBudget} is current while the batch is handled, so the outbox
 * drains after its commits stop in time.
 */
public final class SqsBatchProcessor {

    private static final Logger log = LoggerFactory.getLogger(SqsBatchProcessor.class);
    private static final String CORRELATION_ID = "correlationId";

    private final MessageCodec codec;
    private final ProcessedMessages processed;

    public SqsBatchProcessor(MessageCodec codec, ProcessedMessages processed) {
        this.codec = codec;
        this.processed = processed;
    }

    /** Without a time budget: for callers outside a Lambda invocation. */
    public <T extends Payload> SQSBatchResponse process(
            String consumer, SQSEvent event, Class<T> type, MessageHandler<T> handler) {
        return process(consumer, event, null, type, handler);
    }

    /** Each message handled once, its effects and its processed mark in one transaction. */
    public <T extends Payload> SQSBatchResponse process(
            String consumer, SQSEvent event, Context context, Class<T> type, MessageHandler<T> handler) {
        return each(consumer, event, context, type, (message, budget) -> {
            if (!processed.runOnce(consumer, message.id(), () -> handler.handle(message))) {
                log.info("{}: {} {} already processed, acknowledged", consumer, message.type(), message.id());
            }
        });
    }

    /**
     * For work that may not fit one invocation ({@link ResumableHandler}): the processed mark is set once the
     * handler reports the work complete; a message it did not finish is acknowledged, its rest being in the
     * continuation the handler committed, which arrives as a new message with a fresh receive count. A handler that
     * throws fails the record, and SQS redelivers it.
     */
    public <T extends Payload> SQSBatchResponse processResumable(
            String consumer, SQSEvent event, Context context, Class<T> type, ResumableHandler<T> handler) {
        return each(consumer, event, context, type, (message, budget) -> {
            if (processed.isProcessed(consumer, message.id())) {
                log.info("{}: {} {} already processed, acknowledged", consumer, message.type(), message.id());
            } else if (handler.handle(message, budget)) {
                processed.runOnce(consumer, message.id(), () -> { });
            } else {
                log.info("{}: {} {} not finished in this invocation; a continuation carries on", consumer,
                        message.type(), message.id());
            }
        });
    }

    /** What is done with one decoded message; throwing fails its record. */
    private interface Step<T extends Payload> {
        void run(Envelope<T> message, InvocationBudget budget);
    }

    private <T extends Payload> SQSBatchResponse each(
            String consumer, SQSEvent event, Context context, Class<T> type, Step<T> step) {
        InvocationBudget budget = InvocationBudget.of(context);
        List<BatchItemFailure> failures = new ArrayList<>();
        try (InvocationBudget.Scope scope = budget.enter()) {
            for (SQSMessage record : event.getRecords()) {
                if (!handleOne(consumer, record, type, budget, step)) {
                    failures.add(new BatchItemFailure(record.getMessageId()));
                }
            }
        }
        return new SQSBatchResponse(failures);
    }

    private <T extends Payload> boolean handleOne(
            String consumer, SQSMessage record, Class<T> type, InvocationBudget budget, Step<T> step) {
        Envelope<T> message;
        try {
            message = codec.decode(record.getBody(), type);
        } catch (InvalidMessageException e) {
            log.error("{}: rejected SQS message {} (receive {}): {}", consumer, record.getMessageId(),
                    receiveCount(record), e.getMessage());
            return false;
        }
        String previous = MDC.get(CORRELATION_ID);
        MDC.put(CORRELATION_ID, message.correlationId());
        try {
            step.run(message, budget);
            return true;
        } catch (RuntimeException e) {
            log.error("{}: handling {} {} failed (receive {})", consumer, message.type(), message.id(),
                    receiveCount(record), e);
            return false;
        } finally {
            if (previous == null) {
                MDC.remove(CORRELATION_ID);
            } else {
                MDC.put(CORRELATION_ID, previous);
            }
        }
    }

    private static String receiveCount(SQSMessage record) {
        return record.getAttributes() == null ? "?" : record.getAttributes().getOrDefault("ApproximateReceiveCount", "?");
    }
}
