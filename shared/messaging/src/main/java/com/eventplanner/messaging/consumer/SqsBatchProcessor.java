package com.eventplanner.messaging.consumer;

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
 * Undecodable records are failures too, never dropped: they end in the DLQ where a person can read them.
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

    public <T extends Payload> SQSBatchResponse process(
            String consumer, SQSEvent event, Class<T> type, MessageHandler<T> handler) {
        List<BatchItemFailure> failures = new ArrayList<>();
        for (SQSMessage record : event.getRecords()) {
            if (!handleOne(consumer, record, type, handler)) {
                failures.add(new BatchItemFailure(record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private <T extends Payload> boolean handleOne(
            String consumer, SQSMessage record, Class<T> type, MessageHandler<T> handler) {
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
            boolean ran = processed.runOnce(consumer, message.id(), () -> handler.handle(message));
            if (!ran) {
                log.info("{}: {} {} already processed, acknowledged", consumer, message.type(), message.id());
            }
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
