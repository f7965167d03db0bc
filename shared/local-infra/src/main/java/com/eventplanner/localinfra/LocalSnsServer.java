package com.eventplanner.localinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small SNS endpoint speaking the wire protocol the AWS SDK v2 uses for SNS (awsQuery: form-encoded POST, XML
 * responses). It keeps topics and subscriptions in memory and fans every published message out to the subscribed SQS
 * queues, applying filter policies and raw or wrapped delivery. No SNS emulator is published on Maven Central, so this
 * stands in for one; a real SNS replaces it through {@code AWS_ENDPOINT_URL_SNS}.
 */
public final class LocalSnsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalSnsServer.class);
    private static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}(\\.fifo)?");
    private static final int PAGE_SIZE = 100;
    /** Bound on the published-message log, so a long-running local stack does not grow without limit. */
    private static final int PUBLISHED_KEPT = 10_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService executor;
    private final SqsClient sqs;
    private final String region;
    private final String accountId;
    private final Map<String, Topic> topics = new LinkedHashMap<>();
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
    /** Filter policies parsed once, not per message: keyed by scope and policy text, which never change meaning. */
    private final Map<String, SnsFilterPolicy> filterPolicies = new ConcurrentHashMap<>();
    private final Deque<PublishedMessage> published = new ConcurrentLinkedDeque<>();
    private final AtomicInteger publishedCount = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile boolean failing;

    private LocalSnsServer(HttpServer server, ExecutorService executor, SqsClient sqs, String region, String accountId) {
        this.server = server;
        this.executor = executor;
        this.sqs = sqs;
        this.region = region;
        this.accountId = accountId;
    }

    /**
     * Starts the endpoint on 127.0.0.1.
     *
     * @param port 0 for a free port
     * @param sqs  the client used to deliver to subscribed queues
     */
    public static LocalSnsServer start(int port, SqsClient sqs, String region, String accountId) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            AtomicInteger threads = new AtomicInteger();
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread thread = new Thread(r, "local-sns-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            LocalSnsServer sns = new LocalSnsServer(server, executor, sqs, region, accountId);
            server.createContext("/", sns::handle);
            server.setExecutor(executor);
            server.start();
            return sns;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the local SNS endpoint on port " + port, e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code count} requests are answered with HTTP 500 {@code InternalError} (the SDK retries those). */
    public void failNext(int count) {
        failNext.set(count);
    }

    /** While true, every request is answered with HTTP 503 {@code ServiceUnavailable}: an SNS outage. */
    public void setFailing(boolean failing) {
        this.failing = failing;
    }

    /** The messages accepted by Publish or PublishBatch (the latest 10,000), oldest first. */
    public List<PublishedMessage> published() {
        return List.copyOf(published);
    }

    /** Forgets published messages and clears the failure mode; topics and subscriptions stay. */
    public void reset() {
        published.clear();
        publishedCount.set(0);
        failNext.set(0);
        failing = false;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A message as it was published. */
    public record PublishedMessage(String topicArn, String messageId, String message, String subject,
            Map<String, SnsMessageAttribute> messageAttributes, String messageGroupId) {
    }

    private record Topic(String arn, String name, Map<String, String> attributes) {
    }

    private record Subscription(String arn, String topicArn, String protocol, String endpoint,
            Map<String, String> attributes) {
        boolean raw() {
            return "true".equalsIgnoreCase(attributes.get("RawMessageDelivery"));
        }
    }

    /** An error answered as an awsQuery {@code ErrorResponse}. */
    private static final class SnsError extends RuntimeException {
        final int status;
        final String code;

        SnsError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }

        static SnsError invalidParameter(String message) {
            return new SnsError(400, "InvalidParameter", "Invalid parameter: " + message);
        }

        static SnsError notFound(String message) {
            return new SnsError(404, "NotFound", message);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            Map<String, String> params = new TreeMap<>();
            try (InputStream in = exchange.getRequestBody()) {
                parseForm(new String(in.readAllBytes(), StandardCharsets.UTF_8), params);
            }
            parseForm(exchange.getRequestURI().getRawQuery(), params);
            String xml;
            int status = 200;
            try {
                if (failing) {
                    throw new SnsError(503, "ServiceUnavailable", "Local SNS endpoint is set to fail");
                }
                if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new SnsError(500, "InternalError", "Local SNS endpoint simulated an internal error");
                }
                xml = dispatch(params, requestId);
            } catch (SnsError e) {
                status = e.status;
                xml = "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>" + (e.status >= 500 ? "Receiver" : "Sender")
                        + "</Type><Code>" + e.code + "</Code><Message>" + escape(e.getMessage()) + "</Message></Error>"
                        + "<RequestId>" + requestId + "</RequestId></ErrorResponse>";
            } catch (RuntimeException e) {
                log.warn("Local SNS endpoint failed on {}", params.get("Action"), e);
                status = 500;
                xml = "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>Receiver</Type><Code>InternalError</Code>"
                        + "<Message>" + escape(String.valueOf(e.getMessage())) + "</Message></Error><RequestId>"
                        + requestId + "</RequestId></ErrorResponse>";
            }
            byte[] body = xml.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private String dispatch(Map<String, String> params, String requestId) {
        String action = params.getOrDefault("Action", "");
        String result = switch (action) {
            case "CreateTopic" -> createTopic(params);
            case "DeleteTopic" -> deleteTopic(params);
            case "ListTopics" -> listTopics(params);
            case "GetTopicAttributes" -> getTopicAttributes(params);
            case "Subscribe" -> subscribe(params);
            case "Unsubscribe" -> unsubscribe(params);
            case "SetSubscriptionAttributes" -> setSubscriptionAttributes(params);
            case "GetSubscriptionAttributes" -> getSubscriptionAttributes(params);
            case "ListSubscriptions" -> listSubscriptions(params, null);
            case "ListSubscriptionsByTopic" -> listSubscriptions(params, requireTopic(params.get("TopicArn")).arn());
            case "Publish" -> publish(params);
            case "PublishBatch" -> publishBatch(params);
            default -> throw new SnsError(400, "InvalidAction", "The action " + action + " is not valid for this endpoint.");
        };
        String resultElement = result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>";
        return "<" + action + "Response xmlns=\"" + NAMESPACE + "\">" + resultElement
                + "<ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata></" + action + "Response>";
    }

    private synchronized String createTopic(Map<String, String> params) {
        String name = required(params, "Name");
        Map<String, String> attributes = map(params, "Attributes.entry.", "key", "value");
        boolean fifo = "true".equalsIgnoreCase(attributes.get("FifoTopic"));
        if (!TOPIC_NAME.matcher(name).matches() || fifo != name.endsWith(".fifo")) {
            throw SnsError.invalidParameter("Topic Name");
        }
        String arn = "arn:aws:sns:" + region + ":" + accountId + ":" + name;
        topics.computeIfAbsent(arn, a -> new Topic(a, name, new LinkedHashMap<>(attributes)));
        return "<TopicArn>" + escape(arn) + "</TopicArn>";
    }

    private synchronized String deleteTopic(Map<String, String> params) {
        String arn = required(params, "TopicArn");
        topics.remove(arn);
        subscriptions.values().removeIf(s -> s.topicArn().equals(arn));
        return null;
    }

    private synchronized String listTopics(Map<String, String> params) {
        List<String> arns = new ArrayList<>(topics.keySet());
        int from = pageStart(params);
        StringBuilder xml = new StringBuilder("<Topics>");
        arns.stream().skip(from).limit(PAGE_SIZE)
                .forEach(arn -> xml.append("<member><TopicArn>").append(escape(arn)).append("</TopicArn></member>"));
        xml.append("</Topics>");
        return xml.append(nextToken(from, arns.size())).toString();
    }

    private synchronized String getTopicAttributes(Map<String, String> params) {
        Topic topic = requireTopic(params.get("TopicArn"));
        Map<String, String> attributes = new LinkedHashMap<>(topic.attributes());
        attributes.put("TopicArn", topic.arn());
        attributes.put("Owner", accountId);
        attributes.putIfAbsent("DisplayName", "");
        long confirmed = subscriptions.values().stream().filter(s -> s.topicArn().equals(topic.arn())).count();
        attributes.put("SubscriptionsConfirmed", String.valueOf(confirmed));
        attributes.put("SubscriptionsPending", "0");
        attributes.put("SubscriptionsDeleted", "0");
        return attributesXml(attributes);
    }

    private synchronized String subscribe(Map<String, String> params) {
        Topic topic = requireTopic(params.get("TopicArn"));
        String protocol = required(params, "Protocol");
        String endpoint = required(params, "Endpoint");
        if (protocol.equals("sqs") && !endpoint.startsWith("arn:aws:sqs:")) {
            throw SnsError.invalidParameter("SQS endpoint ARN");
        }
        Map<String, String> attributes = map(params, "Attributes.entry.", "key", "value");
        validateSubscriptionAttributes(attributes);
        for (Subscription existing : subscriptions.values()) {
            if (existing.topicArn().equals(topic.arn()) && existing.protocol().equals(protocol)
                    && existing.endpoint().equals(endpoint)) {
                if (!attributes.entrySet().stream()
                        .allMatch(e -> Objects.equals(existing.attributes().get(e.getKey()), e.getValue()))) {
                    throw SnsError.invalidParameter("Attributes Reason: Subscription already exists with different attributes");
                }
                return "<SubscriptionArn>" + escape(existing.arn()) + "</SubscriptionArn>";
            }
        }
        String arn = topic.arn() + ":" + UUID.randomUUID();
        subscriptions.put(arn, new Subscription(arn, topic.arn(), protocol, endpoint, new LinkedHashMap<>(attributes)));
        return "<SubscriptionArn>" + escape(arn) + "</SubscriptionArn>";
    }

    private synchronized String unsubscribe(Map<String, String> params) {
        subscriptions.remove(required(params, "SubscriptionArn"));
        return null;
    }

    private synchronized String setSubscriptionAttributes(Map<String, String> params) {
        Subscription subscription = requireSubscription(params.get("SubscriptionArn"));
        String name = required(params, "AttributeName");
        String value = params.getOrDefault("AttributeValue", "");
        Map<String, String> changed = new LinkedHashMap<>(subscription.attributes());
        if (value.isEmpty() && !name.equals("RawMessageDelivery")) {
            changed.remove(name);
        } else {
            changed.put(name, value);
        }
        validateSubscriptionAttributes(changed);
        subscription.attributes().clear();
        subscription.attributes().putAll(changed);
        return null;
    }

    private synchronized String getSubscriptionAttributes(Map<String, String> params) {
        Subscription subscription = requireSubscription(params.get("SubscriptionArn"));
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("SubscriptionArn", subscription.arn());
        attributes.put("TopicArn", subscription.topicArn());
        attributes.put("Protocol", subscription.protocol());
        attributes.put("Endpoint", subscription.endpoint());
        attributes.put("Owner", accountId);
        attributes.put("PendingConfirmation", "false");
        attributes.put("ConfirmationWasAuthenticated", "true");
        attributes.put("RawMessageDelivery", "false");
        attributes.putAll(subscription.attributes());
        if (attributes.containsKey("FilterPolicy")) {
            attributes.putIfAbsent("FilterPolicyScope", SnsFilterPolicy.SCOPE_ATTRIBUTES);
        }
        return attributesXml(attributes);
    }

    private synchronized String listSubscriptions(Map<String, String> params, String topicArn) {
        List<Subscription> matching = subscriptions.values().stream()
                .filter(s -> topicArn == null || s.topicArn().equals(topicArn)).toList();
        int from = pageStart(params);
        StringBuilder xml = new StringBuilder("<Subscriptions>");
        matching.stream().skip(from).limit(PAGE_SIZE).forEach(s -> xml.append("<member>")
                .append("<TopicArn>").append(escape(s.topicArn())).append("</TopicArn>")
                .append("<Protocol>").append(escape(s.protocol())).append("</Protocol>")
                .append("<SubscriptionArn>").append(escape(s.arn())).append("</SubscriptionArn>")
                .append("<Owner>").append(accountId).append("</Owner>")
                .append("<Endpoint>").append(escape(s.endpoint())).append("</Endpoint>")
                .append("</member>"));
        xml.append("</Subscriptions>");
        return xml.append(nextToken(from, matching.size())).toString();
    }

    private String publish(Map<String, String> params) {
        String topicArn = params.getOrDefault("TopicArn", params.get("TargetArn"));
        if (topicArn == null) {
            throw SnsError.invalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
        }
        Delivery delivery = deliver(requireTopicLocked(topicArn), params);
        for (QueueSend send : delivery.sends()) {
            try {
                sqs.sendMessage(b -> b.queueUrl(send.queueUrl()).messageBody(send.body())
                        .messageAttributes(send.attributes()).messageGroupId(send.groupId())
                        .messageDeduplicationId(send.deduplicationId()));
            } catch (SqsException e) {
                throw deliveryFailed(delivery.messageId(), send, e.getMessage());
            }
        }
        return "<MessageId>" + delivery.messageId() + "</MessageId>";
    }

    private String publishBatch(Map<String, String> params) {
        Topic topic = requireTopicLocked(required(params, "TopicArn"));
        List<Map<String, String>> entries = members(params, "PublishBatchRequestEntries.member.");
        if (entries.isEmpty()) {
            throw new SnsError(400, "EmptyBatchRequest", "The batch request doesn't contain any entries.");
        }
        if (entries.size() > 10) {
            throw new SnsError(400, "TooManyEntriesInBatchRequest", "The batch request contains more entries than permissible.");
        }
        if (entries.stream().map(e -> e.get("Id")).distinct().count() != entries.size()) {
            throw new SnsError(400, "BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.");
        }
        Map<String, String> messageIds = new LinkedHashMap<>();
        Map<String, SnsError> errors = new LinkedHashMap<>();
        Map<String, List<Map.Entry<String, QueueSend>>> byQueue = new LinkedHashMap<>();
        for (Map<String, String> entry : entries) {
            String id = entry.getOrDefault("Id", "");
            try {
                Delivery delivery = deliver(topic, entry);
                messageIds.put(id, delivery.messageId());
                delivery.sends().forEach(send -> byQueue.computeIfAbsent(send.queueUrl(), q -> new ArrayList<>())
                        .add(Map.entry(id, send)));
            } catch (SnsError e) {
                errors.put(id, e);
            }
        }
        // one SendMessageBatch per subscribed queue, as the fan-out of a real PublishBatch costs one call per queue
        byQueue.forEach((queueUrl, sends) -> sendBatch(queueUrl, sends, messageIds, errors));
        StringBuilder successful = new StringBuilder("<Successful>");
        StringBuilder failed = new StringBuilder("<Failed>");
        for (Map.Entry<String, String> sent : messageIds.entrySet()) {
            if (!errors.containsKey(sent.getKey())) {
                successful.append("<member><Id>").append(escape(sent.getKey())).append("</Id><MessageId>")
                        .append(sent.getValue()).append("</MessageId></member>");
            }
        }
        errors.forEach((id, e) -> failed.append("<member><Id>").append(escape(id)).append("</Id><Code>")
                .append(e.code).append("</Code><Message>").append(escape(e.getMessage()))
                .append("</Message><SenderFault>").append(e.status < 500).append("</SenderFault></member>"));
        return successful.append("</Successful>").append(failed).append("</Failed>").toString();
    }

    /** Entries whose delivery to this queue fails are reported failed, so the publisher retries them. */
    private void sendBatch(String queueUrl, List<Map.Entry<String, QueueSend>> sends, Map<String, String> messageIds,
            Map<String, SnsError> errors) {
        List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
        for (int i = 0; i < sends.size(); i++) {
            QueueSend send = sends.get(i).getValue();
            batch.add(SendMessageBatchRequestEntry.builder().id(String.valueOf(i)).messageBody(send.body())
                    .messageAttributes(send.attributes()).messageGroupId(send.groupId())
                    .messageDeduplicationId(send.deduplicationId()).build());
        }
        try {
            SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch));
            for (BatchResultErrorEntry failure : response.failed()) {
                Map.Entry<String, QueueSend> send = sends.get(Integer.parseInt(failure.id()));
                errors.put(send.getKey(), deliveryFailed(messageIds.get(send.getKey()), send.getValue(),
                        failure.message()));
            }
        } catch (SqsException e) {
            sends.forEach(send -> errors.put(send.getKey(),
                    deliveryFailed(messageIds.get(send.getKey()), send.getValue(), e.getMessage())));
        }
    }

    private SnsError deliveryFailed(String messageId, QueueSend send, String reason) {
        log.warn("SNS delivery of {} to {} failed: {}", messageId, send.queueUrl(), reason);
        return new SnsError(500, "InternalError", "delivery to " + send.queueUrl() + " failed: " + reason);
    }

    /** A message accepted for a topic and what its fan-out must send to each matching queue. */
    private record Delivery(String messageId, List<QueueSend> sends) {
    }

    private record QueueSend(String queueUrl, String body, Map<String, MessageAttributeValue> attributes,
            String groupId, String deduplicationId) {
    }

    /** Validates one message, records it and works out the send to every subscribed queue whose filter matches. */
    private Delivery deliver(Topic topic, Map<String, String> params) {
        String message = params.get("Message");
        if (message == null || message.isEmpty()) {
            throw SnsError.invalidParameter("Empty message");
        }
        String subject = params.get("Subject");
        String groupId = params.get("MessageGroupId");
        if (topic.name().endsWith(".fifo") && groupId == null) {
            throw SnsError.invalidParameter("The MessageGroupId parameter is required for FIFO topics");
        }
        if ("json".equals(params.get("MessageStructure"))) {
            message = sqsMessageOf(message);
        }
        Map<String, SnsMessageAttribute> attributes = messageAttributes(params);
        String messageId = UUID.randomUUID().toString();
        published.addLast(new PublishedMessage(topic.arn(), messageId, message, subject, attributes, groupId));
        if (publishedCount.incrementAndGet() > PUBLISHED_KEPT && published.pollFirst() != null) {
            publishedCount.decrementAndGet();
        }
        List<QueueSend> sends = new ArrayList<>();
        List<Subscription> targets;
        synchronized (this) {
            targets = subscriptions.values().stream()
                    .filter(s -> s.topicArn().equals(topic.arn()) && s.protocol().equals("sqs"))
                    .map(s -> new Subscription(s.arn(), s.topicArn(), s.protocol(), s.endpoint(), Map.copyOf(s.attributes())))
                    .toList();
        }
        for (Subscription subscription : targets) {
            String policy = subscription.attributes().get("FilterPolicy");
            String scope = subscription.attributes().get("FilterPolicyScope");
            if (policy != null && !filterPolicies.computeIfAbsent(scope + "\n" + policy,
                    key -> SnsFilterPolicy.parse(policy, scope)).matches(attributes, message)) {
                continue;
            }
            sends.add(sendTo(subscription, topic, messageId, message, subject, attributes, params));
        }
        return new Delivery(messageId, sends);
    }

    private QueueSend sendTo(Subscription subscription, Topic topic, String messageId, String message, String subject,
            Map<String, SnsMessageAttribute> attributes, Map<String, String> params) {
        String queueArn = subscription.endpoint();
        String body;
        Map<String, MessageAttributeValue> sqsAttributes = new LinkedHashMap<>();
        if (subscription.raw()) {
            attributes.forEach((name, a) -> sqsAttributes.put(name, MessageAttributeValue.builder()
                    .dataType(a.dataType())
                    .stringValue(a.binaryValue() == null ? a.stringValue() : null)
                    .binaryValue(a.binaryValue() == null ? null : SdkBytes.fromByteArray(a.binaryValue()))
                    .build()));
            body = message;
        } else {
            body = notification(topic, messageId, message, subject, attributes, subscription.arn());
        }
        boolean fifo = queueArn.endsWith(".fifo");
        String queueUrl;
        try {
            queueUrl = queueUrls.computeIfAbsent(queueArn,
                    arn -> sqs.getQueueUrl(b -> b.queueName(arn.substring(arn.lastIndexOf(':') + 1))).queueUrl());
        } catch (SqsException e) {
            throw new SnsError(500, "InternalError", "subscribed queue " + queueArn + " unreachable: " + e.getMessage());
        }
        return new QueueSend(queueUrl, body, sqsAttributes, fifo ? params.get("MessageGroupId") : null,
                fifo ? params.getOrDefault("MessageDeduplicationId", messageId) : null);
    }

    /** The JSON envelope SNS wraps a message in when raw delivery is off. */
    private String notification(Topic topic, String messageId, String message, String subject,
            Map<String, SnsMessageAttribute> attributes, String subscriptionArn) {
        ObjectNode node = JSON.createObjectNode();
        node.put("Type", "Notification");
        node.put("MessageId", messageId);
        node.put("TopicArn", topic.arn());
        if (subject != null) {
            node.put("Subject", subject);
        }
        node.put("Message", message);
        node.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        node.put("SignatureVersion", "1");
        node.put("Signature", "LOCAL");
        node.put("SigningCertURL", endpoint() + "/SimpleNotificationService-local.pem");
        node.put("UnsubscribeURL", endpoint() + "/?Action=Unsubscribe&SubscriptionArn=" + subscriptionArn);
        if (!attributes.isEmpty()) {
            ObjectNode attributesNode = node.putObject("MessageAttributes");
            attributes.forEach((name, a) -> attributesNode.putObject(name)
                    .put("Type", a.dataType())
                    .put("Value", a.binaryValue() == null ? a.stringValue()
                            : Base64.getEncoder().encodeToString(a.binaryValue())));
        }
        return node.toString();
    }

    private static String sqsMessageOf(String structured) {
        try {
            JsonNode node = JSON.readTree(structured);
            JsonNode chosen = node.has("sqs") ? node.get("sqs") : node.get("default");
            if (chosen == null || !chosen.isString()) {
                throw SnsError.invalidParameter("Message Structure - No default entry in JSON message body");
            }
            return chosen.asString();
        } catch (JacksonException e) {
            throw SnsError.invalidParameter("Message Structure - JSON message body failed to parse");
        }
    }

    private static Map<String, SnsMessageAttribute> messageAttributes(Map<String, String> params) {
        Map<String, SnsMessageAttribute> attributes = new LinkedHashMap<>();
        for (Map<String, String> entry : members(params, "MessageAttributes.entry.")) {
            String name = entry.get("Name");
            String type = entry.get("Value.DataType");
            if (name == null || type == null) {
                throw SnsError.invalidParameter("MessageAttributes Reason: The message attribute '" + name
                        + "' must contain non-empty message attribute value and type.");
            }
            String binary = entry.get("Value.BinaryValue");
            String string = entry.get("Value.StringValue");
            if (type.startsWith("Binary") ? binary == null : string == null) {
                throw SnsError.invalidParameter("MessageAttributes Reason: The message attribute '" + name
                        + "' must contain non-empty message attribute value for message attribute type '" + type + "'.");
            }
            if (type.startsWith("Number")) {
                try {
                    new BigDecimal(string);
                } catch (NumberFormatException e) {
                    throw SnsError.invalidParameter("MessageAttributes Reason: Could not cast message attribute '"
                            + name + "' value to number.");
                }
            }
            attributes.put(name, new SnsMessageAttribute(type, string,
                    binary == null ? null : Base64.getDecoder().decode(binary)));
        }
        return attributes;
    }

    private static void validateSubscriptionAttributes(Map<String, String> attributes) {
        for (String name : attributes.keySet()) {
            if (!List.of("RawMessageDelivery", "FilterPolicy", "FilterPolicyScope", "RedrivePolicy", "DeliveryPolicy",
                    "SubscriptionRoleArn", "ReplayPolicy").contains(name)) {
                throw SnsError.invalidParameter("AttributeName");
            }
        }
        String scope = attributes.get("FilterPolicyScope");
        if (scope != null && !scope.equals(SnsFilterPolicy.SCOPE_ATTRIBUTES) && !scope.equals(SnsFilterPolicy.SCOPE_BODY)) {
            throw SnsError.invalidParameter("Attributes Reason: FilterPolicyScope: Invalid value [" + scope + "]");
        }
        String policy = attributes.get("FilterPolicy");
        if (policy != null && !policy.isEmpty()) {
            try {
                SnsFilterPolicy.parse(policy, scope);
            } catch (IllegalArgumentException e) {
                throw SnsError.invalidParameter(e.getMessage());
            }
        }
    }

    private synchronized Topic requireTopicLocked(String arn) {
        return requireTopic(arn);
    }

    private Topic requireTopic(String arn) {
        if (arn == null) {
            throw SnsError.invalidParameter("TopicArn");
        }
        Topic topic = topics.get(arn);
        if (topic == null) {
            throw SnsError.notFound("Topic does not exist");
        }
        return topic;
    }

    private Subscription requireSubscription(String arn) {
        if (arn == null) {
            throw SnsError.invalidParameter("SubscriptionArn");
        }
        Subscription subscription = subscriptions.get(arn);
        if (subscription == null) {
            throw SnsError.notFound("Subscription does not exist");
        }
        return subscription;
    }

    private static String required(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw SnsError.invalidParameter(name + " Reason: no value for required parameter");
        }
        return value;
    }

    private static int pageStart(Map<String, String> params) {
        try {
            return Integer.parseInt(params.getOrDefault("NextToken", "0"));
        } catch (NumberFormatException e) {
            throw SnsError.invalidParameter("NextToken");
        }
    }

    private static String nextToken(int from, int total) {
        return from + PAGE_SIZE < total ? "<NextToken>" + (from + PAGE_SIZE) + "</NextToken>" : "";
    }

    private static String attributesXml(Map<String, String> attributes) {
        StringBuilder xml = new StringBuilder("<Attributes>");
        attributes.forEach((k, v) -> xml.append("<entry><key>").append(escape(k)).append("</key><value>")
                .append(escape(v)).append("</value></entry>"));
        return xml.append("</Attributes>").toString();
    }

    /** {@code Prefix.N.Key=value} parameters grouped by N (in order) into maps of {@code Key -> value}. */
    private static List<Map<String, String>> members(Map<String, String> params, String prefix) {
        Map<Integer, Map<String, String>> byIndex = new TreeMap<>();
        params.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    try {
                        byIndex.computeIfAbsent(Integer.parseInt(rest.substring(0, dot)), i -> new TreeMap<>())
                                .put(rest.substring(dot + 1), value);
                    } catch (NumberFormatException ignored) {
                        // not an indexed member
                    }
                }
            }
        });
        return new ArrayList<>(byIndex.values());
    }

    private static Map<String, String> map(Map<String, String> params, String prefix, String keyName, String valueName) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Map<String, String> entry : members(params, prefix)) {
            if (entry.get(keyName) != null) {
                result.put(entry.get(keyName), entry.getOrDefault(valueName, ""));
            }
        }
        return result;
    }

    private static void parseForm(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(key, value);
        }
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
