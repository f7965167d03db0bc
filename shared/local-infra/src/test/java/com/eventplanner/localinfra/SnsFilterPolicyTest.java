package com.eventplanner.localinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SnsFilterPolicyTest {

    private static Map<String, SnsMessageAttribute> attrs(String type) {
        return Map.of("type", new SnsMessageAttribute("String", type, null));
    }

    private static boolean matches(String policy, Map<String, SnsMessageAttribute> attributes) {
        return SnsFilterPolicy.parse(policy, null).matches(attributes, "{}");
    }

    @Test
    void exactStringValues() {
        String policy = "{\"type\": [\"booking.created\", \"booking.cancelled\"]}";
        assertThat(matches(policy, attrs("booking.created"))).isTrue();
        assertThat(matches(policy, attrs("booking.cancelled"))).isTrue();
        assertThat(matches(policy, attrs("booking.expired"))).isFalse();
        assertThat(matches(policy, Map.of())).isFalse();
    }

    @Test
    void prefixSuffixAndIgnoreCase() {
        assertThat(matches("{\"type\": [{\"prefix\": \"booking.\"}]}", attrs("booking.created"))).isTrue();
        assertThat(matches("{\"type\": [{\"prefix\": \"booking.\"}]}", attrs("payment.failed"))).isFalse();
        assertThat(matches("{\"type\": [{\"suffix\": \".failed\"}]}", attrs("payment.failed"))).isTrue();
        assertThat(matches("{\"type\": [{\"equals-ignore-case\": \"PAYMENT.FAILED\"}]}", attrs("payment.failed"))).isTrue();
    }

    @Test
    void anythingBut() {
        assertThat(matches("{\"type\": [{\"anything-but\": \"a\"}]}", attrs("b"))).isTrue();
        assertThat(matches("{\"type\": [{\"anything-but\": \"a\"}]}", attrs("a"))).isFalse();
        assertThat(matches("{\"type\": [{\"anything-but\": [\"a\", \"b\"]}]}", attrs("b"))).isFalse();
        assertThat(matches("{\"type\": [{\"anything-but\": {\"prefix\": \"booking.\"}}]}", attrs("booking.x"))).isFalse();
        assertThat(matches("{\"type\": [{\"anything-but\": {\"prefix\": \"booking.\"}}]}", attrs("payment.x"))).isTrue();
        assertThat(matches("{\"type\": [{\"anything-but\": \"a\"}]}", Map.of())).as("absent attribute").isFalse();
    }

    @Test
    void exists() {
        assertThat(matches("{\"type\": [{\"exists\": true}]}", attrs("x"))).isTrue();
        assertThat(matches("{\"type\": [{\"exists\": true}]}", Map.of())).isFalse();
        assertThat(matches("{\"type\": [{\"exists\": false}]}", Map.of())).isTrue();
        assertThat(matches("{\"type\": [{\"exists\": false}]}", attrs("x"))).isFalse();
    }

    @Test
    void everyKeyMustMatchAndOrCombinesAlternatives() {
        String policy = "{\"type\": [\"a\"], \"priority\": [{\"numeric\": [\">=\", 5]}]}";
        Map<String, SnsMessageAttribute> high = Map.of("type", new SnsMessageAttribute("String", "a", null),
                "priority", new SnsMessageAttribute("Number", "7", null));
        Map<String, SnsMessageAttribute> low = Map.of("type", new SnsMessageAttribute("String", "a", null),
                "priority", new SnsMessageAttribute("Number", "2", null));
        assertThat(matches(policy, high)).isTrue();
        assertThat(matches(policy, low)).isFalse();
        assertThat(matches("{\"$or\": [{\"type\": [\"z\"]}, {\"priority\": [2]}]}", low)).isTrue();
        assertThat(matches("{\"$or\": [{\"type\": [\"z\"]}, {\"priority\": [3]}]}", low)).isFalse();
    }

    @Test
    void stringArrayAttributesMatchAnyElement() {
        Map<String, SnsMessageAttribute> channels = Map.of("channel",
                new SnsMessageAttribute("String.Array", "[\"email\", \"sms\"]", null));
        assertThat(matches("{\"channel\": [\"sms\"]}", channels)).isTrue();
        assertThat(matches("{\"channel\": [\"push\"]}", channels)).isFalse();
    }

    @Test
    void bodyScopeMatchesNestedJson() {
        SnsFilterPolicy policy = SnsFilterPolicy.parse("{\"type\": [\"booking.created\"], \"data\": {\"seats\": [{\"numeric\": [\">\", 2]}]}}",
                "MessageBody");
        assertThat(policy.matches(Map.of(), "{\"type\": \"booking.created\", \"data\": {\"seats\": 3}}")).isTrue();
        assertThat(policy.matches(Map.of(), "{\"type\": \"booking.created\", \"data\": {\"seats\": 1}}")).isFalse();
        assertThat(policy.matches(Map.of(), "not json")).isFalse();
    }

    @Test
    void rejectsInvalidPolicies() {
        assertThatThrownBy(() -> SnsFilterPolicy.parse("[1]", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SnsFilterPolicy.parse("{", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
