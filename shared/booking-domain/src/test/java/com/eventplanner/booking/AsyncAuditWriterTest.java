package com.eventplanner.booking;

import static org.assertj.core.api.Assertions.assertThat;

import com.eventplanner.audit.AuditRecord;
import com.eventplanner.audit.AuditWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class AsyncAuditWriterTest {

    /** Remembers the batches it was handed, as MongoAuditWriter would insert them. */
    private static final class Batches implements AuditWriter {

        final List<List<AuditRecord>> batches = new CopyOnWriteArrayList<>();

        @Override
        public void write(AuditRecord record) {
            batches.add(List.of(record));
        }

        @Override
        public void writeAll(List<AuditRecord> records) {
            batches.add(List.copyOf(records));
        }

        List<AuditRecord> records() {
            List<AuditRecord> all = new ArrayList<>();
            batches.forEach(all::addAll);
            return all;
        }
    }

    @Test
    void aBurstIsWrittenInFewBatchesAndNothingIsLost() {
        Batches store = new Batches();
        AsyncAuditWriter writer = new AsyncAuditWriter(store, 1_000);
        MDC.put("correlationId", "burst-1");
        try {
            for (int i = 0; i < 250; i++) {
                writer.write(AuditRecord.of("booking.created", "user-" + i, "booking-" + i, Map.of()));
            }
        } finally {
            MDC.remove("correlationId");
        }
        writer.close();

        assertThat(store.records()).hasSize(250).allSatisfy(r -> assertThat(r.correlationId()).isEqualTo("burst-1"));
        assertThat(store.records()).extracting(AuditRecord::userId).doesNotHaveDuplicates();
        assertThat(store.batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(100));
    }

    @Test
    void recordsTricklingInShareABatch() throws InterruptedException {
        Batches store = new Batches();
        AsyncAuditWriter writer = new AsyncAuditWriter(store, 1_000);
        for (int i = 0; i < 30; i++) {
            writer.write(AuditRecord.of("booking.created", "user-" + i, "booking-" + i, Map.of()));
            Thread.sleep(2);
        }
        writer.close();

        assertThat(store.records()).hasSize(30);
        // about 60 ms of records, one every 2 ms: with the 50 ms linger two or three inserts, without it about 30
        assertThat(store.batches).hasSizeLessThanOrEqualTo(10);
    }

    @Test
    void aLoneRecordIsWrittenAfterTheLinger() throws InterruptedException {
        Batches store = new Batches();
        AsyncAuditWriter writer = new AsyncAuditWriter(store, 10);
        writer.write(AuditRecord.of("booking.cancelled", "user-1", "booking-1", Map.of()));

        for (int i = 0; i < 100 && store.batches.isEmpty(); i++) {
            Thread.sleep(20);
        }
        assertThat(store.records()).extracting(AuditRecord::action).containsExactly("booking.cancelled");
        writer.close();
    }
}
