package com.eventplanner.localinfra;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates the SNS topics, SQS queues (with their dead-letter queues) and SNS-to-SQS subscriptions declared in a
 * CloudFormation/SAM template, through the ordinary SNS and SQS APIs: the template stays the single source of truth and
 * the same code works against the embedded servers or any real endpoint. Re-running it is harmless (create calls are
 * idempotent; changed attributes are applied to what exists).
 */
public final class TemplateProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TemplateProvisioner.class);
    private static final String TOPIC = "AWS::SNS::Topic";
    private static final String QUEUE = "AWS::SQS::Queue";
    private static final String SUBSCRIPTION = "AWS::SNS::Subscription";
    private static final List<String> QUEUE_ATTRIBUTES = List.of("DelaySeconds", "MaximumMessageSize",
            "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout", "FifoQueue",
            "ContentBasedDeduplication");
    private static final List<String> JSON_SUBSCRIPTION_ATTRIBUTES = List.of("FilterPolicy", "RedrivePolicy",
            "DeliveryPolicy");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)+");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SqsClient sqs;
    private final SnsClient sns;
    private final String region;
    private final String accountId;

    public TemplateProvisioner(SqsClient sqs, SnsClient sns, String region, String accountId) {
        this.sqs = sqs;
        this.sns = sns;
        this.region = region;
        this.accountId = accountId;
    }

    /** What a provisioning run created or found, by physical name. */
    public record Result(Map<String, String> topicArns, Map<String, Queue> queues, List<Subscribed> subscriptions,
            Map<String, String> topicEnvironment) {
    }

    /** A queue with the attributes the template asked for (a server may ignore some, as ElasticMQ does retention). */
    public record Queue(String name, String url, String arn, Map<String, String> attributes) {
    }

    public record Subscribed(String subscriptionArn, String topicArn, String protocol, String endpoint,
            Map<String, String> attributes) {
    }

    /**
     * @param stackName          value of {@code AWS::StackName}, also used for resources without an explicit name
     * @param parameterOverrides template parameter values replacing their defaults
     */
    public Result provision(CloudFormationTemplate template, String stackName, Map<String, String> parameterOverrides) {
        return new Run(template, stackName, parameterOverrides).execute();
    }

    private record Created(Object ref, Map<String, Object> attributes) {
    }

    private final class Run {
        private final CloudFormationTemplate template;
        private final String stackName;
        private final CloudFormationTemplate.Evaluator evaluator;
        private final Map<String, Created> created = new LinkedHashMap<>();
        private final Set<String> inProgress = new HashSet<>();
        private final Map<String, String> topicArns = new LinkedHashMap<>();
        private final Map<String, String> topicIds = new LinkedHashMap<>();
        private final Map<String, Queue> queues = new LinkedHashMap<>();
        private final List<Subscribed> subscriptions = new ArrayList<>();

        Run(CloudFormationTemplate template, String stackName, Map<String, String> parameterOverrides) {
            this.template = template;
            this.stackName = stackName;
            this.evaluator = template.evaluator(stackName, region, accountId, parameterOverrides,
                    id -> create(id).ref(), this::attribute);
        }

        Result execute() {
            template.resources().forEach((id, definition) -> {
                String type = template.type(id);
                if ((type.equals(TOPIC) || type.equals(QUEUE) || type.equals(SUBSCRIPTION))
                        && evaluator.resourceEnabled(id)) {
                    create(id);
                }
            });
            return new Result(Map.copyOf(topicArns), Map.copyOf(queues), List.copyOf(subscriptions), topicEnvironment());
        }

        private Created create(String id) {
            Created done = created.get(id);
            if (done != null) {
                return done;
            }
            if (!inProgress.add(id)) {
                throw new IllegalArgumentException("Circular reference through " + id + " in " + template.path());
            }
            Created result = switch (template.type(id)) {
                case TOPIC -> createTopic(id);
                case QUEUE -> createQueue(id);
                case SUBSCRIPTION -> createSubscription(id);
                default -> throw new IllegalArgumentException("A messaging resource refers to " + id + " ("
                        + template.type(id) + "), which cannot be provisioned locally");
            };
            created.put(id, result);
            inProgress.remove(id);
            return result;
        }

        private Object attribute(String id, String name) {
            Object value = create(id).attributes().get(name);
            if (value == null) {
                throw new IllegalArgumentException("Fn::GetAtt " + id + "." + name + " is not supported locally");
            }
            return value;
        }

        private Created createTopic(String id) {
            Map<String, Object> properties = template.properties(id);
            boolean fifo = "true".equalsIgnoreCase(evaluator.string(properties.get("FifoTopic")));
            String name = nameOf(id, properties.get("TopicName"), fifo);
            Map<String, String> attributes = new LinkedHashMap<>();
            if (fifo) {
                attributes.put("FifoTopic", "true");
                String contentDedup = evaluator.string(properties.get("ContentBasedDeduplication"));
                if (contentDedup != null) {
                    attributes.put("ContentBasedDeduplication", contentDedup);
                }
            }
            String arn = sns.createTopic(b -> b.name(name).attributes(attributes)).topicArn();
            log.debug("Topic {} -> {}", id, arn);
            topicArns.put(name, arn);
            topicIds.put(id, arn);
            Created topic = new Created(arn, Map.of("TopicArn", arn, "TopicName", name));
            created.put(id, topic);
            if (evaluator.evaluate(properties.get("Subscription")) instanceof List<?> inline) {
                for (Object item : inline) {
                    if (item instanceof Map<?, ?> subscription) {
                        subscribe(arn, String.valueOf(subscription.get("Protocol")),
                                String.valueOf(subscription.get("Endpoint")), Map.of());
                    }
                }
            }
            return topic;
        }

        private Created createQueue(String id) {
            Map<String, Object> properties = template.properties(id);
            boolean fifo = "true".equalsIgnoreCase(evaluator.string(properties.get("FifoQueue")));
            String name = nameOf(id, properties.get("QueueName"), fifo);
            Map<String, String> attributes = new LinkedHashMap<>();
            for (String attribute : QUEUE_ATTRIBUTES) {
                String value = evaluator.string(properties.get(attribute));
                if (value != null) {
                    attributes.put(attribute, value);
                }
            }
            Object redrive = evaluator.evaluate(properties.get("RedrivePolicy"));
            if (redrive != null && redrive != CloudFormationTemplate.NO_VALUE) {
                attributes.put("RedrivePolicy", redrive instanceof Map<?, ?> ? JSON.writeValueAsString(redrive)
                        : String.valueOf(redrive));
            }
            String url;
            try {
                url = sqs.createQueue(b -> b.queueName(name).attributesWithStrings(attributes)).queueUrl();
            } catch (QueueNameExistsException e) {
                url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
                Map<String, String> changeable = new LinkedHashMap<>(attributes);
                changeable.remove("FifoQueue");
                String existing = url;
                sqs.setQueueAttributes(b -> b.queueUrl(existing).attributesWithStrings(changeable));
            }
            String queueUrl = url;
            String arn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            log.debug("Queue {} -> {} ({})", id, url, arn);
            queues.put(name, new Queue(name, url, arn, Map.copyOf(attributes)));
            return new Created(url, Map.of("Arn", arn, "QueueName", name, "QueueUrl", url));
        }

        private Created createSubscription(String id) {
            Map<String, Object> properties = template.properties(id);
            String protocol = evaluator.string(properties.get("Protocol"));
            String topicArn = evaluator.string(properties.get("TopicArn"));
            String endpoint = evaluator.string(properties.get("Endpoint"));
            Map<String, String> attributes = new LinkedHashMap<>();
            String raw = evaluator.string(properties.get("RawMessageDelivery"));
            if (raw != null) {
                attributes.put("RawMessageDelivery", raw.toLowerCase(Locale.ROOT));
            }
            String scope = evaluator.string(properties.get("FilterPolicyScope"));
            if (scope != null) {
                attributes.put("FilterPolicyScope", scope);
            }
            for (String attribute : JSON_SUBSCRIPTION_ATTRIBUTES) {
                Object value = evaluator.evaluate(properties.get(attribute));
                if (value != null && value != CloudFormationTemplate.NO_VALUE) {
                    attributes.put(attribute, value instanceof String s ? s : JSON.writeValueAsString(value));
                }
            }
            String arn = subscribe(topicArn, protocol, endpoint, attributes);
            return new Created(arn, Map.of());
        }

        private String subscribe(String topicArn, String protocol, String endpoint, Map<String, String> attributes) {
            if (!"sqs".equals(protocol)) {
                log.info("Skipping {} subscription to {} (only sqs subscriptions are provisioned locally)", protocol, endpoint);
                return "";
            }
            String arn;
            try {
                arn = sns.subscribe(b -> b.topicArn(topicArn).protocol(protocol).endpoint(endpoint)
                        .attributes(attributes).returnSubscriptionArn(true)).subscriptionArn();
            } catch (InvalidParameterException e) {
                // the subscription exists with other attributes: bring it in line with the template
                arn = sns.listSubscriptionsByTopicPaginator(b -> b.topicArn(topicArn)).subscriptions().stream()
                        .filter(s -> protocol.equals(s.protocol()) && endpoint.equals(s.endpoint()))
                        .map(Subscription::subscriptionArn).findFirst().orElseThrow(() -> e);
                String existing = arn;
                attributes.forEach((name, value) -> sns.setSubscriptionAttributes(
                        b -> b.subscriptionArn(existing).attributeName(name).attributeValue(value)));
            }
            subscriptions.add(new Subscribed(arn, topicArn, protocol, endpoint, Map.copyOf(attributes)));
            return arn;
        }

        private String nameOf(String id, Object explicitName, boolean fifo) {
            String name = evaluator.string(explicitName);
            if (name != null) {
                return name;
            }
            return stackName + "-" + id + (fifo ? ".fifo" : "");
        }

        /**
         * Environment variables naming topic ARNs: those the template itself wires ({@code X: !Ref SomeTopic} in an
         * environment block or {@code {Name: X, Value: !Ref SomeTopic}} in a container definition), plus
         * {@code <NAME>_TOPIC_ARN} derived from each topic name without the stack-name prefix.
         */
        private Map<String, String> topicEnvironment() {
            Map<String, String> environment = new LinkedHashMap<>();
            topicArns.forEach((name, arn) -> {
                String base = name.replaceFirst("\\.fifo$", "");
                if (base.startsWith(stackName + "-")) {
                    base = base.substring(stackName.length() + 1);
                }
                String key = base.toUpperCase(Locale.ROOT).replace('-', '_');
                environment.put(key.endsWith("_TOPIC") ? key + "_ARN" : key + "_TOPIC_ARN", arn);
            });
            collectTopicReferences(template.section("Globals"), environment);
            collectTopicReferences(template.resources(), environment);
            return Map.copyOf(environment);
        }

        private void collectTopicReferences(Object node, Map<String, String> environment) {
            if (node instanceof Map<?, ?> map) {
                Object name = map.get("Name");
                String valueRef = topicRef(map.get("Value"));
                if (name instanceof String n && valueRef != null && ENV_NAME.matcher(n).matches()) {
                    environment.put(n, valueRef);
                }
                map.forEach((key, value) -> {
                    String ref = topicRef(value);
                    if (ref != null && key instanceof String k && ENV_NAME.matcher(k).matches()) {
                        environment.put(k, ref);
                    } else {
                        collectTopicReferences(value, environment);
                    }
                });
            } else if (node instanceof List<?> list) {
                list.forEach(element -> collectTopicReferences(element, environment));
            }
        }

        private String topicRef(Object value) {
            return value instanceof Map<?, ?> map && map.size() == 1 && map.get("Ref") instanceof String id
                    ? topicIds.get(id) : null;
        }
    }
}
