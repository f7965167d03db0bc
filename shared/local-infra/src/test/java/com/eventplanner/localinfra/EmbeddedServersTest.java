package com.eventplanner.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

class EmbeddedServersTest {

    private final LocalInfrastructure infra = SharedInfrastructure.get();

    @BeforeEach
    void emptyQueues() {
        infra.purgeQueues();
    }

    @Test
    void eachDatabaseAnswersOverJdbc() throws Exception {
        for (String database : LocalInfrastructure.DATABASES) {
            try (Connection connection = infra.dataSource(database).getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT current_database(), 1, version()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(database);
                assertThat(rs.getInt(2)).isEqualTo(1);
                assertThat(rs.getString(3)).startsWith("PostgreSQL 17");
            }
        }
        assertThat(infra.jdbcUrl("booking")).startsWith("jdbc:postgresql://").endsWith("/booking");
    }

    @Test
    void redisAnswersPingAndKeepsValues() throws Exception {
        URI uri = URI.create(infra.redisUri());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.write("PING\r\nSET local-infra-test ok\r\nGET local-infra-test\r\nCONFIG GET save\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(in.readLine()).isEqualTo("+PONG");
            assertThat(in.readLine()).isEqualTo("+OK");
            assertThat(in.readLine()).isEqualTo("$2");
            assertThat(in.readLine()).isEqualTo("ok");
            assertThat(List.of(in.readLine(), in.readLine(), in.readLine(), in.readLine(), in.readLine()))
                    .as("snapshots are off").containsExactly("*2", "$4", "save", "$0", "");
        }
    }

    @Test
    void sqsSendsAndReceives() {
        String queueUrl = infra.queueUrl("booking-created-event-queue");
        infra.sqsClient().sendMessage(b -> b.queueUrl(queueUrl).messageBody("hello"));
        List<Message> messages = infra.sqsClient().receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages();
        assertThat(messages).extracting(Message::body).containsExactly("hello");
    }

    @Test
    void mongoStoresAndFindsDocuments() {
        try (MongoClient client = MongoClients.create(infra.mongoUri())) {
            MongoCollection<Document> collection = client.getDatabase("notifications").getCollection("local_infra_test");
            collection.insertOne(new Document("_id", "n-1").append("userId", "u-1"));
            assertThat(collection.find(new Document("userId", "u-1")).first()).containsEntry("_id", "n-1");
        }
    }

    @Test
    void environmentPointsAnApplicationAtEveryPiece() {
        assertThat(infra.environment())
                .containsEntry("REDIS_URL", infra.redisUri())
                .containsEntry("MONGODB_URI", infra.mongoUri())
                .containsEntry("AWS_REGION", "us-east-1")
                .containsEntry("AWS_ENDPOINT_URL_SQS", infra.sqsEndpoint().toString())
                .containsEntry("AWS_ENDPOINT_URL_SNS", infra.snsEndpoint().toString())
                .containsEntry("AWS_ACCESS_KEY_ID", "local")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "local")
                .containsEntry("POSTGRES_URL", infra.postgresUrl())
                .containsEntry("EVENT_TOPIC_ARN", infra.topicArn("eventplanner-event-topic"))
                .containsEntry("BOOKING_TOPIC_ARN", infra.topicArn("eventplanner-booking-topic"))
                .containsEntry("PAYMENT_TOPIC_ARN", infra.topicArn("eventplanner-payment-topic"))
                .doesNotContainKey("SPRING_DATASOURCE_URL");
        assertThat(infra.topicArn("eventplanner-booking-topic"))
                .isEqualTo("arn:aws:sns:us-east-1:000000000000:eventplanner-booking-topic");
    }
}
