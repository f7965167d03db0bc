package com.eventplanner.booking;

import static org.assertj.core.api.Assertions.assertThat;

import com.eventplanner.audit.AuditRecord;
import com.eventplanner.audit.AuditWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class AsyncAuditWriterTest {

    /** Remembers the batches it was handed, as MongoAuditWriter would insert them. */
    private static class Batches implements AuditWriter {

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
        AsyncAuditWriter writer = new AsyncAuditWriter(store, 1_000_000);
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
        AsyncAuditWriter writer = new AsyncAuditWriter(store, 1_000_000);
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
        AsyncAuditWriter writer = new AsyncAuditWriter(store, 10_000);
        writer.write(AuditRecord.of("booking.cancelled", "user-1", "booking-1", Map.of()));

        for (int i = 0; i < 100 && store.batches.isEmpty(); i++) {
            Thread.sleep(20);
        }
        assertThat(store.records()).extracting(AuditRecord::action).containsExactly("booking.cancelled");
        writer.close();
    }

    @Test
    void theQueueIsBoundedByTheRecordsSizeNotTheirNumber() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<String> writtenOn = new CopyOnWriteArrayList<>();
        AuditWriter slowStore = new AuditWriter() {
            @Override
            public void write(AuditRecord record) {
                writtenOn.add(record.resourceId() + "@" + Thread.currentThread().getName());
            }

            @Override
            public void writeAll(List<AuditRecord> records) {
                try {
                    release.await(10, TimeUnit.SECONDS); // the store is far behind
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                records.forEach(r -> writtenOn.add(r.resourceId() + "@" + Thread.currentThread().getName()));
            }
        };
        AsyncAuditWriter writer = new AsyncAuditWriter(slowStore, 4_000);
        writer.write(AuditRecord.of("booking.created", "u", "small-1", Map.of()));
        writer.write(AuditRecord.of("booking.created", "u", "small-2", Map.of()));
        writer.write(AuditRecord.of("user.registered", "u", "large", Map.of("note", "x".repeat(5_000))));

        assertThat(writtenOn).as("one large record fills what many small ones do not")
                .containsExactly("large@" + Thread.currentThread().getName());
        release.countDown();
        writer.close();
        assertThat(writtenOn).contains("small-1@booking-audit", "small-2@booking-audit");
    }

    @Test
    void aRecordTheStoreRefusesIsLoggedByIdsOnlyAndTheOthersAreWritten() {
        Batches store = new Batches() {
            @Override
            public void write(AuditRecord record) {
                if (record.action().equals("poison")) {
                    throw new IllegalArgumentException("refused: " + record.changes());
                }
                super.write(record);
            }

            @Override
            public void writeAll(List<AuditRecord> records) {
                if (records.stream().anyMatch(r -> r.action().equals("poison"))) {
                    throw new IllegalArgumentException("refused");
                }
                super.writeAll(records);
            }
        };
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger logger = (Logger) LoggerFactory.getLogger(AsyncAuditWriter.class);
        logger.addAppender(logs);
        try {
            AsyncAuditWriter writer = new AsyncAuditWriter(store, 1_000_000);
            writer.write(AuditRecord.of("booking.created", "u1", "b1", Map.of()));
            writer.write(AuditRecord.of("poison", "u2", "p1", Map.of("email", "ada@example.com"))
                    .withClient("203.0.113.9", "junit"));
            writer.write(AuditRecord.of("booking.created", "u3", "b2", Map.of()));
            writer.close();
        } finally {
            logger.detachAppender(logs);
        }

        assertThat(store.records()).extracting(AuditRecord::resourceId).containsExactlyInAnyOrder("b1", "b2");
        assertThat(logs.list).isNotEmpty().allSatisfy(e -> assertThat(e.getFormattedMessage())
                .doesNotContain("ada@example.com").doesNotContain("203.0.113.9"));
        assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("poison").contains("p1"));
    }
}
