package com.eventplanner.localinfra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Emulates a Lambda SQS event source mapping with {@code ReportBatchItemFailures}: receives a batch, hands it to the
 * handler as a real {@link SQSEvent}, deletes the records not reported as failed and leaves the failed ones to become
 * visible again (and, past the queue's {@code maxReceiveCount}, to move to its DLQ). A handler exception, or a failure
 * report naming no record of the batch, fails the whole batch, as Lambda does.
 */
public final class LocalSqsPoller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalSqsPoller.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final Function<SQSEvent, SQSBatchResponse> handler;
    private final int batchSize;
    private final Duration visibilityTimeout;
    private final Duration waitTime;
    private volatile Thread loop;
    private volatile boolean running;

    private LocalSqsPoller(Builder builder) {
        this.sqs = Objects.requireNonNull(builder.sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(builder.queueUrl, "queueUrl");
        this.handler = Objects.requireNonNull(builder.handler, "handler");
        this.region = builder.region;
        this.batchSize = builder.batchSize;
        this.visibilityTimeout = builder.visibilityTimeout;
        this.waitTime = builder.waitTime;
        this.queueArn = builder.queueArn != null ? builder.queueArn
                : sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                        .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    public static Builder builder(SqsClient sqs, String queueUrl, Function<SQSEvent, SQSBatchResponse> handler) {
        return new Builder(sqs, queueUrl, handler);
    }

    /** Outcome of one poll: records received, deleted after success, and left on the queue as failed. */
    public record PollResult(int received, int succeeded, int failed) {
        static final PollResult EMPTY = new PollResult(0, 0, 0);
    }

    /** Receives one batch (waiting up to the configured wait time) and processes it. */
    public PollResult pollOnce() {
        ReceiveMessageRequest.Builder request = ReceiveMessageRequest.builder()
                .queueUrl(queueUrl)
                .maxNumberOfMessages(batchSize)
                .waitTimeSeconds((int) waitTime.toSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All");
        if (visibilityTimeout != null) {
            request.visibilityTimeout((int) visibilityTimeout.toSeconds());
        }
        List<Message> messages = sqs.receiveMessage(request.build()).messages();
        if (messages.isEmpty()) {
            return PollResult.EMPTY;
        }
        SQSEvent event = toEvent(messages);
        Set<String> failed = failedIds(event, messages);
        List<DeleteMessageBatchRequestEntry> deletions = new ArrayList<>();
        for (Message message : messages) {
            if (!failed.contains(message.messageId())) {
                deletions.add(DeleteMessageBatchRequestEntry.builder()
                        .id(String.valueOf(deletions.size()))
                        .receiptHandle(message.receiptHandle())
                        .build());
            }
        }
        if (!deletions.isEmpty()) {
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(deletions));
        }
        return new PollResult(messages.size(), deletions.size(), messages.size() - deletions.size());
    }

    /** Starts polling in a background thread until {@link #stop()}. */
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        running = true;
        loop = new Thread(this::run, "sqs-poller-" + queueUrl.substring(queueUrl.lastIndexOf('/') + 1));
        loop.setDaemon(true);
        loop.start();
    }

    public synchronized void stop() {
        running = false;
        Thread thread = loop;
        loop = null;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(waitTime.toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void run() {
        long backoff = 100;
        while (running) {
            try {
                pollOnce();
                backoff = 100;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Polling {} failed: {}", queueUrl, e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private Set<String> failedIds(SQSEvent event, List<Message> messages) {
        Set<String> all = new HashSet<>();
        messages.forEach(m -> all.add(m.messageId()));
        SQSBatchResponse response;
        try {
            response = handler.apply(event);
        } catch (RuntimeException e) {
            log.warn("Handler failed for a batch of {} from {}; the whole batch will be retried", messages.size(),
                    queueArn, e);
            return all;
        }
        if (response == null || response.getBatchItemFailures() == null) {
            return Set.of();
        }
        Set<String> failed = new HashSet<>();
        for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure.getItemIdentifier();
            if (id == null || !all.contains(id)) {
                log.warn("Batch item failure names {} which is not in the batch; the whole batch will be retried", id);
                return all;
            }
            failed.add(id);
        }
        return failed;
    }

    private SQSEvent toEvent(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setMd5OfBody(message.md5OfBody());
            record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion(region);
            Map<String, String> attributes = new LinkedHashMap<>();
            message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            record.setAttributes(attributes);
            Map<String, SQSEvent.MessageAttribute> messageAttributes = new LinkedHashMap<>();
            message.messageAttributes().forEach((name, value) -> messageAttributes.put(name, toAttribute(value)));
            record.setMessageAttributes(messageAttributes);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static SQSEvent.MessageAttribute toAttribute(MessageAttributeValue value) {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType(value.dataType());
        attribute.setStringValue(value.stringValue());
        if (value.binaryValue() != null) {
            attribute.setBinaryValue(value.binaryValue().asByteBuffer());
        }
        attribute.setStringListValues(List.copyOf(value.stringListValues()));
        attribute.setBinaryListValues(value.binaryListValues().stream().map(b -> b.asByteBuffer()).toList());
        return attribute;
    }

    public static final class Builder {
        private final SqsClient sqs;
        private final String queueUrl;
        private final Function<SQSEvent, SQSBatchResponse> handler;
        private String queueArn;
        private String region = "us-east-1";
        private int batchSize = 10;
        private Duration visibilityTimeout;
        private Duration waitTime = Duration.ZERO;

        private Builder(SqsClient sqs, String queueUrl, Function<SQSEvent, SQSBatchResponse> handler) {
            this.sqs = sqs;
            this.queueUrl = queueUrl;
            this.handler = handler;
        }

        /** The ARN reported as {@code eventSourceARN}; looked up with GetQueueAttributes when not given. */
        public Builder queueArn(String queueArn) {
            this.queueArn = queueArn;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** Records per batch, 1 to 10 (the SQS receive limit). */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 10) {
                throw new IllegalArgumentException("batchSize must be 1..10");
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Overrides the queue's visibility timeout per receive, so failed records come back quickly in tests. */
        public Builder visibilityTimeout(Duration visibilityTimeout) {
            this.visibilityTimeout = visibilityTimeout;
            return this;
        }

        /** Long-poll wait per receive (whole seconds, at most 20); zero returns at once. */
        public Builder waitTime(Duration waitTime) {
            this.waitTime = waitTime;
            return this;
        }

        public LocalSqsPoller build() {
            return new LocalSqsPoller(this);
        }
    }
}
