package com.eventplanner.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.eventplanner.localinfra.LocalInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

@WithLocalInfrastructure
class LocalInfrastructureExtensionTest {

    private static LocalInfrastructure fromBeforeAll;
    private final LocalInfrastructure fromConstructor;

    LocalInfrastructureExtensionTest(LocalInfrastructure infrastructure) {
        this.fromConstructor = infrastructure;
    }

    @BeforeAll
    static void remember(LocalInfrastructure infrastructure) {
        fromBeforeAll = infrastructure;
    }

    @Test
    void injectsOneSharedInstanceEverywhere(LocalInfrastructure fromMethod) {
        assertThat(fromMethod).isSameAs(fromConstructor).isSameAs(fromBeforeAll)
                .isSameAs(LocalInfrastructureExtension.current());
    }

    @Test
    void theInjectedInfrastructureIsProvisionedFromTheTemplate(LocalInfrastructure infra) {
        infra.purgeQueues();
        infra.snsClient().publish(b -> b.topicArn(infra.topicArn("eventplanner-event-topic")).message("{}")
                .messageAttributes(Map.of("type",
                        MessageAttributeValue.builder().dataType("String").stringValue("event.created").build())));
        List<Message> messages = infra.sqsClient().receiveMessage(b -> b
                .queueUrl(infra.queueUrl("event-created-booking-queue")).waitTimeSeconds(2)).messages();
        assertThat(messages).extracting(Message::body).containsExactly("{}");
    }

    @Nested
    class AnotherTestClass {
        @Test
        void getsTheSameInstance(LocalInfrastructure infrastructure) {
            assertThat(infrastructure).isSameAs(fromBeforeAll);
        }
    }
}
