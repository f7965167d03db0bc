package com.eventplanner.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import javax.sql.DataSource;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;

/**
 * Everything the backend needs to run on one machine, in-process: PostgreSQL 17 with the databases {@code auth},
 * {@code event}, {@code booking}, {@code payment}; Redis; an SQS server (ElasticMQ); a MongoDB-wire server; and an SNS
 * endpoint that fans out to SQS. Topics, queues, dead-letter queues and subscriptions are provisioned from the
 * repository's {@code template.yaml}.
 *
 * <p>Each piece is replaced by a real server when its environment variable is set: {@code POSTGRES_URL}
 * (+ {@code POSTGRES_USER}, {@code POSTGRES_PASSWORD}), {@code REDIS_URL}, {@code MONGODB_URI},
 * {@code AWS_ENDPOINT_URL_SQS}, {@code AWS_ENDPOINT_URL_SNS}. Ports are free ones unless fixed through the builder,
 * so tests can run next to a running local stack.
 */
public final class LocalInfrastructure implements AutoCloseable {

    public static final List<String> DATABASES = List.of("auth", "event", "booking", "payment");
    public static final String ACCOUNT_ID = "000000000000";
    static final String LOCAL_CREDENTIAL = "local";
    private static final Logger log = LoggerFactory.getLogger(LocalInfrastructure.class);

    private final List<AutoCloseable> closeables;
    private final String postgresBaseUrl;
    private final String postgresQuery;
    private final String username;
    private final String password;
    private final String redisUri;
    private final String mongoUri;
    private final URI sqsEndpoint;
    private final URI snsEndpoint;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final SqsClient sqsClient;
    private final SnsClient snsClient;
    private final LocalSnsServer snsServer;
    private final TemplateProvisioner.Result messaging;

    private LocalInfrastructure(Starter s) {
        this.closeables = s.closeables;
        this.postgresBaseUrl = s.postgres.baseUrl();
        this.postgresQuery = s.postgres.query();
        this.username = s.postgres.username();
        this.password = s.postgres.password();
        this.redisUri = s.redisUri;
        this.mongoUri = s.mongoUri;
        this.sqsEndpoint = s.sqsEndpoint;
        this.snsEndpoint = s.snsEndpoint;
        this.region = s.region;
        this.credentials = s.credentials;
        this.sqsClient = s.sqsClient;
        this.snsClient = s.snsClient;
        this.snsServer = s.snsServer;
        this.messaging = s.messaging;
    }

    /** Starts everything with defaults: free ports, the process environment, {@code template.yaml} found upwards. */
    public static LocalInfrastructure start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** JDBC URL of one of {@link #DATABASES} (or any other database on the same server). */
    public String jdbcUrl(String database) {
        return postgresBaseUrl + database + postgresQuery;
    }

    /** Server-level JDBC URL, the value of {@code POSTGRES_URL}. */
    public String postgresUrl() {
        return jdbcUrl("postgres");
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public DataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl(database));
        dataSource.setUser(username);
        dataSource.setPassword(password);
        return dataSource;
    }

    public String redisUri() {
        return redisUri;
    }

    public String mongoUri() {
        return mongoUri;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    public URI snsEndpoint() {
        return snsEndpoint;
    }

    public String region() {
        return region;
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    public SqsClient sqsClient() {
        return sqsClient;
    }

    public SnsClient snsClient() {
        return snsClient;
    }

    /** The in-process SNS endpoint, for failure simulation and inspection of published messages. */
    public LocalSnsServer snsServer() {
        if (snsServer == null) {
            throw new IllegalStateException("SNS is external (AWS_ENDPOINT_URL_SNS=" + snsEndpoint + ")");
        }
        return snsServer;
    }

    /** Topics, queues and subscriptions provisioned from the template. */
    public TemplateProvisioner.Result messaging() {
        return messaging;
    }

    public String queueUrl(String queueName) {
        return queue(queueName).url();
    }

    public String queueArn(String queueName) {
        return queue(queueName).arn();
    }

    public String topicArn(String topicName) {
        String arn = messaging.topicArns().get(topicName);
        if (arn == null) {
            throw new IllegalArgumentException("No topic " + topicName + " in the template; known: "
                    + messaging.topicArns().keySet());
        }
        return arn;
    }

    private TemplateProvisioner.Queue queue(String queueName) {
        TemplateProvisioner.Queue queue = messaging.queues().get(queueName);
        if (queue == null) {
            throw new IllegalArgumentException("No queue " + queueName + " in the template; known: "
                    + messaging.queues().keySet());
        }
        return queue;
    }

    /** Environment variables that point an application at this infrastructure (datasource URL is per database). */
    public Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("POSTGRES_URL", postgresUrl());
        environment.put("POSTGRES_USER", username);
        environment.put("POSTGRES_PASSWORD", password);
        environment.put("SPRING_DATASOURCE_USERNAME", username);
        environment.put("SPRING_DATASOURCE_PASSWORD", password);
        environment.put("REDIS_URL", redisUri);
        environment.put("MONGODB_URI", mongoUri);
        environment.put("AWS_REGION", region);
        environment.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint.toString());
        environment.put("AWS_ENDPOINT_URL_SNS", snsEndpoint.toString());
        environment.put("AWS_ACCESS_KEY_ID", credentials.resolveCredentials().accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", credentials.resolveCredentials().secretAccessKey());
        environment.putAll(messaging.topicEnvironment());
        return Collections.unmodifiableMap(environment);
    }

    /** Empties every provisioned queue, DLQs included, and forgets what the local SNS endpoint recorded. */
    public void purgeQueues() {
        for (TemplateProvisioner.Queue queue : messaging.queues().values()) {
            try {
                sqsClient.purgeQueue(b -> b.queueUrl(queue.url()));
            } catch (PurgeQueueInProgressException e) {
                drain(queue.url());
            }
        }
        if (snsServer != null) {
            snsServer.reset();
        }
    }

    private void drain(String queueUrl) {
        while (true) {
            var messages = sqsClient.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
            if (messages.isEmpty()) {
                return;
            }
            messages.forEach(m -> sqsClient.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        }
    }

    /** A poller for a provisioned queue, feeding {@code handler} like a Lambda event source mapping would. */
    public LocalSqsPoller.Builder poller(String queueName, Function<SQSEvent, SQSBatchResponse> handler) {
        return LocalSqsPoller.builder(sqsClient, queueUrl(queueName), handler)
                .queueArn(queueArn(queueName))
                .region(region);
    }

    @Override
    public void close() {
        closeAll(closeables);
    }

    private static void closeAll(List<AutoCloseable> closeables) {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", closeables.get(i), e.toString());
            }
        }
        closeables.clear();
    }

    public static final class Builder {
        private Function<String, String> env = System::getenv;
        private Path template;
        private String stackName = "eventplanner";
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private int postgresPort;
        private int redisPort;
        private int sqsPort;
        private int snsPort;
        private int mongoPort;

        private Builder() {
        }

        /** Where environment variables are read from (default: the process environment). */
        public Builder env(Function<String, String> env) {
            this.env = Objects.requireNonNull(env);
            return this;
        }

        public Builder env(Map<String, String> env) {
            return env((Function<String, String>) Map.copyOf(env)::get);
        }

        /** The template to provision from (default: {@code template.yaml} found upwards from the working directory). */
        public Builder template(Path template) {
            this.template = template;
            return this;
        }

        public Builder stackName(String stackName) {
            this.stackName = stackName;
            return this;
        }

        /** A template parameter value replacing its default. */
        public Builder parameter(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        public Builder postgresPort(int port) {
            this.postgresPort = port;
            return this;
        }

        public Builder redisPort(int port) {
            this.redisPort = port;
            return this;
        }

        public Builder sqsPort(int port) {
            this.sqsPort = port;
            return this;
        }

        public Builder snsPort(int port) {
            this.snsPort = port;
            return this;
        }

        public Builder mongoPort(int port) {
            this.mongoPort = port;
            return this;
        }

        public LocalInfrastructure start() {
            Path templatePath = template != null ? template
                    : CloudFormationTemplate.locate(Path.of(System.getProperty("user.dir"))).orElseThrow(
                            () -> new IllegalStateException(CloudFormationTemplate.FILE_NAME + " not found above "
                                    + System.getProperty("user.dir") + "; pass LocalInfrastructure.builder().template(path)"));
            return new Starter(this, templatePath).start();
        }
    }

    /** The JDBC URL of {@code database} on the server named by {@code POSTGRES_URL} in {@code env}. */
    static String postgresUrls(Function<String, String> env, String database) {
        Postgres postgres = Postgres.of(env.apply("POSTGRES_URL"), "", "");
        return postgres.baseUrl() + database + postgres.query();
    }

    /**
     * Runs the infrastructure until the process is stopped, printing the environment that points applications at it.
     * Fixed ports come from system properties {@code postgres.port}, {@code redis.port}, {@code sqs.port},
     * {@code sns.port}, {@code mongo.port}.
     */
    public static void main(String[] args) throws InterruptedException {
        LocalInfrastructure infrastructure = builder()
                .postgresPort(Integer.getInteger("postgres.port", 0))
                .redisPort(Integer.getInteger("redis.port", 0))
                .sqsPort(Integer.getInteger("sqs.port", 0))
                .snsPort(Integer.getInteger("sns.port", 0))
                .mongoPort(Integer.getInteger("mongo.port", 0))
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::close, "local-infra-stop"));
        StringBuilder exports = new StringBuilder();
        infrastructure.environment().forEach((k, v) -> exports.append("export ").append(k).append('=').append(v).append('\n'));
        System.out.print(exports);
        System.out.flush();
        Thread.currentThread().join();
    }

    private record Postgres(String baseUrl, String query, String username, String password) {
        /** Splits a server-level JDBC URL into {@code jdbc:postgresql://host:port/} and its {@code ?query}. */
        static Postgres of(String url, String username, String password) {
            String prefix = "jdbc:postgresql://";
            if (!url.startsWith(prefix)) {
                throw new IllegalArgumentException("POSTGRES_URL must be a JDBC URL (jdbc:postgresql://host:port/db): " + url);
            }
            int queryStart = url.indexOf('?');
            String query = queryStart < 0 ? "" : url.substring(queryStart);
            String withoutQuery = queryStart < 0 ? url : url.substring(0, queryStart);
            int slash = withoutQuery.indexOf('/', prefix.length());
            String hosts = slash < 0 ? withoutQuery.substring(prefix.length()) : withoutQuery.substring(prefix.length(), slash);
            return new Postgres(prefix + hosts + "/", query, username, password);
        }
    }

    /** Starts the pieces in parallel, then provisions messaging; on failure stops whatever had started. */
    private static final class Starter {
        private final Builder builder;
        private final Path templatePath;
        private final List<AutoCloseable> closeables = Collections.synchronizedList(new ArrayList<>());
        private final String region;
        private final AwsCredentialsProvider credentials;
        private Postgres postgres;
        private String redisUri;
        private String mongoUri;
        private URI sqsEndpoint;
        private URI snsEndpoint;
        private SqsClient sqsClient;
        private SnsClient snsClient;
        private LocalSnsServer snsServer;
        private TemplateProvisioner.Result messaging;

        Starter(Builder builder, Path templatePath) {
            this.builder = builder;
            this.templatePath = templatePath;
            this.region = Objects.requireNonNullElse(blankToNull(builder.env.apply("AWS_REGION")), "us-east-1");
            String key = blankToNull(builder.env.apply("AWS_ACCESS_KEY_ID"));
            String secret = blankToNull(builder.env.apply("AWS_SECRET_ACCESS_KEY"));
            String token = blankToNull(builder.env.apply("AWS_SESSION_TOKEN"));
            this.credentials = StaticCredentialsProvider.create(key == null || secret == null
                    ? AwsBasicCredentials.create(LOCAL_CREDENTIAL, LOCAL_CREDENTIAL)
                    : token == null ? AwsBasicCredentials.create(key, secret) : AwsSessionCredentials.create(key, secret, token));
        }

        LocalInfrastructure start() {
            long started = System.nanoTime();
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread thread = new Thread(r, "local-infra-start");
                thread.setDaemon(true);
                return thread;
            });
            try {
                CompletableFuture<Void> pg = run(executor, this::startPostgres);
                CompletableFuture<Void> redis = run(executor, this::startRedis);
                CompletableFuture<Void> mongo = run(executor, this::startMongo);
                CompletableFuture<Void> messagingReady = run(executor, this::startMessaging);
                CompletableFuture.allOf(pg, redis, mongo, messagingReady).join();
                log.info("Local infrastructure ready in {} ms", (System.nanoTime() - started) / 1_000_000);
                return new LocalInfrastructure(this);
            } catch (CompletionException e) {
                closeAll(closeables);
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
            } catch (RuntimeException e) {
                closeAll(closeables);
                throw e;
            } finally {
                executor.shutdown();
            }
        }

        private static CompletableFuture<Void> run(ExecutorService executor, Runnable task) {
            return CompletableFuture.runAsync(task, executor);
        }

        private void startPostgres() {
            String external = blankToNull(builder.env.apply("POSTGRES_URL"));
            String user = Objects.requireNonNullElse(blankToNull(builder.env.apply("POSTGRES_USER")), "postgres");
            String pass = Objects.requireNonNullElse(builder.env.apply("POSTGRES_PASSWORD"), "postgres");
            if (external != null) {
                postgres = Postgres.of(external, user, pass);
                String serverUrl = external.indexOf('/', "jdbc:postgresql://".length()) >= 0 ? external
                        : postgres.baseUrl() + "postgres" + postgres.query();
                createDatabases(serverUrl, user, pass);
                log.info("PostgreSQL (external)  {}{{}}{}", postgres.baseUrl(), String.join(",", DATABASES), postgres.query());
                return;
            }
            EmbeddedPostgres embedded;
            try {
                EmbeddedPostgres.Builder pgBuilder = EmbeddedPostgres.builder().setCleanDataDirectory(true);
                if (builder.postgresPort > 0) {
                    pgBuilder.setPort(builder.postgresPort);
                }
                embedded = pgBuilder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Embedded PostgreSQL did not start", e);
            }
            closeables.add(embedded);
            postgres = new Postgres("jdbc:postgresql://localhost:" + embedded.getPort() + "/", "", "postgres", "postgres");
            createDatabases(postgres.baseUrl() + "postgres", "postgres", "postgres");
            log.info("PostgreSQL (embedded)  {}{{}}", postgres.baseUrl(), String.join(",", DATABASES));
        }

        private static void createDatabases(String serverUrl, String user, String pass) {
            try (Connection connection = DriverManager.getConnection(serverUrl, user, pass);
                 PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?");
                 Statement create = connection.createStatement()) {
                for (String database : DATABASES) {
                    exists.setString(1, database);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (!rs.next()) {
                            create.execute("CREATE DATABASE \"" + database + "\"");
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot create the databases " + DATABASES + " through " + serverUrl, e);
            }
        }

        private void startRedis() {
            String external = blankToNull(builder.env.apply("REDIS_URL"));
            if (external != null) {
                redisUri = external;
                log.info("Redis (external)       {}", external);
                return;
            }
            int port = retryOnPortClash(builder.redisPort, p -> {
                try {
                    RedisServer server = RedisServer.newRedisServer()
                            .port(p)
                            .bind("127.0.0.1")
                            .setting("save \"\"")
                            .setting("appendonly no")
                            .build();
                    server.start();
                    closeables.add(() -> server.stop());
                    return p;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            redisUri = "redis://127.0.0.1:" + port;
            log.info("Redis (embedded)       {}", redisUri);
        }

        private void startMongo() {
            String external = blankToNull(builder.env.apply("MONGODB_URI"));
            if (external != null) {
                mongoUri = external;
                log.info("MongoDB (external)     {}", external);
                return;
            }
            MongoServer server = new MongoServer(new MemoryBackend());
            server.bind("127.0.0.1", builder.mongoPort);
            closeables.add(server::shutdownNow);
            mongoUri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
            log.info("MongoDB (mongo-java-server, in memory) {}", mongoUri);
        }

        private void startMessaging() {
            String externalSqs = blankToNull(builder.env.apply("AWS_ENDPOINT_URL_SQS"));
            if (externalSqs != null) {
                sqsEndpoint = URI.create(externalSqs);
                log.info("SQS (external)         {}", sqsEndpoint);
            } else {
                int port = retryOnPortClash(builder.sqsPort, p -> {
                    SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1")
                            .withPort(p)
                            .withServerAddress(new NodeAddress("http", "127.0.0.1", p, ""))
                            .withAWSRegion(region)
                            .withAWSAccountId(ACCOUNT_ID)
                            .start();
                    server.waitUntilStarted();
                    closeables.add(server::stopAndWait);
                    return p;
                });
                sqsEndpoint = URI.create("http://127.0.0.1:" + port);
                log.info("SQS (ElasticMQ)        {}", sqsEndpoint);
            }
            sqsClient = SqsClient.builder()
                    .httpClient(UrlConnectionHttpClient.builder().build())
                    .region(Region.of(region))
                    .credentialsProvider(credentials)
                    .endpointOverride(sqsEndpoint)
                    .build();
            closeables.add(sqsClient);
            String externalSns = blankToNull(builder.env.apply("AWS_ENDPOINT_URL_SNS"));
            if (externalSns != null) {
                snsEndpoint = URI.create(externalSns);
                log.info("SNS (external)         {}", snsEndpoint);
            } else {
                snsServer = LocalSnsServer.start(builder.snsPort, sqsClient, region, ACCOUNT_ID);
                closeables.add(snsServer);
                snsEndpoint = snsServer.endpoint();
                log.info("SNS (local fan-out)    {}", snsEndpoint);
            }
            snsClient = SnsClient.builder()
                    .httpClient(UrlConnectionHttpClient.builder().build())
                    .region(Region.of(region))
                    .credentialsProvider(credentials)
                    .endpointOverride(snsEndpoint)
                    .build();
            closeables.add(snsClient);
            messaging = new TemplateProvisioner(sqsClient, snsClient, region, ACCOUNT_ID)
                    .provision(CloudFormationTemplate.load(templatePath), builder.stackName, builder.parameters);
            log.info("Provisioned from {}: {} topics, {} queues, {} subscriptions", templatePath,
                    messaging.topicArns().size(), messaging.queues().size(), messaging.subscriptions().size());
        }

        /** Starts on the fixed port, or on a free one, choosing again if another process took it meanwhile. */
        private static int retryOnPortClash(int fixedPort, Function<Integer, Integer> startOn) {
            if (fixedPort > 0) {
                return startOn.apply(fixedPort);
            }
            RuntimeException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    return startOn.apply(freePort());
                } catch (RuntimeException e) {
                    last = e;
                }
            }
            throw last;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
