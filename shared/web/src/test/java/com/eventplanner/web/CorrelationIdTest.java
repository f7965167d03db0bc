package com.eventplanner.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CorrelationIdTest {

    private static final String TRACE = "Root=1-67891233-abcdef012345678912345678;Parent=463ac35c9f6413ad;Sampled=1";
    private static final String ROOT = "1-67891233-abcdef012345678912345678";

    @Test
    void clientHeaderWinsOverTheTraceHeader() {
        assertThat(CorrelationId.resolve("req-1", TRACE)).isEqualTo("req-1");
    }

    @Test
    void traceRootIsUsedWhenTheClientSendsNone() {
        assertThat(CorrelationId.resolve(null, TRACE)).isEqualTo(ROOT);
        assertThat(CorrelationId.resolve(null, "Self=1-5759e988-bd862e3fe1be46a994272793;Root=" + ROOT)).isEqualTo(ROOT);
    }

    @Test
    void newUuidWhenNeitherHeaderIsUsable() {
        String id = CorrelationId.resolve(null, "Parent=463ac35c9f6413ad");

        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(CorrelationId.resolve(null, null)).isNotEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "x\nfake log line", "x\",\"level\":\"ERROR", "<script>", "-leading-dash"})
    void hostileOrOddValuesAreNotTrusted(String value) {
        assertThat(CorrelationId.isValid(value)).isFalse();
        assertThat(CorrelationId.resolve(value, "Root=" + value)).isNotEqualTo(value);
    }

    @Test
    void lengthIsLimited() {
        assertThat(CorrelationId.isValid("a".repeat(CorrelationId.MAX_LENGTH))).isTrue();
        assertThat(CorrelationId.isValid("a".repeat(CorrelationId.MAX_LENGTH + 1))).isFalse();
    }

    @Test
    void headerMapsAreReadCaseInsensitivelyAsAlbEventsLowerCaseThem() {
        assertThat(CorrelationId.resolve(Map.of("x-correlation-id", "lambda-7"))).isEqualTo("lambda-7");
        assertThat(CorrelationId.resolve(Map.of("x-amzn-trace-id", TRACE))).isEqualTo(ROOT);
        assertThat(CorrelationId.resolveMultiValue(Map.of("X-AMZN-TRACE-ID", List.of(TRACE)))).isEqualTo(ROOT);
    }

    @Test
    void scopeSetsTheMdcAndRestoresWhatWasThere() {
        try (CorrelationId.Scope outer = CorrelationId.open(Map.of("x-correlation-id", "outer"))) {
            assertThat(outer.id()).isEqualTo("outer");
            assertThat(MDC.get(CorrelationId.MDC_KEY)).isEqualTo("outer");
            try (CorrelationId.Scope inner = CorrelationId.open("inner")) {
                assertThat(CorrelationId.current()).hasValue("inner");
            }
            assertThat(CorrelationId.current()).hasValue("outer");
        }
        assertThat(CorrelationId.current()).isEmpty();
    }

    @Test
    void openRefusesAnInvalidId() {
        assertThatThrownBy(() -> CorrelationId.open("bad id")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void openWithNoHeadersStillGivesAnId() {
        try (CorrelationId.Scope scope = CorrelationId.open((Map<String, String>) null)) {
            assertThat(CorrelationId.current()).hasValue(scope.id());
        }
    }
}
