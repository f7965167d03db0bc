package com.eventplanner.audit;

import static com.eventplanner.audit.AuditDocuments.ACTION;
import static com.eventplanner.audit.AuditDocuments.SERVICE;
import static com.eventplanner.audit.AuditDocuments.TIMESTAMP;
import static com.eventplanner.audit.AuditDocuments.USER_ID;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

/**
 * The indexes of seed section 6.2. The user and service+action indexes end in {@code timestamp} descending so the
 * query shapes of {@link AuditQueries} (filter, time range, newest first) are served by one index each. When a TTL is
 * configured, the single-field {@code timestamp} index carries it: MongoDB allows one index per key pattern, and a
 * TTL index serves range queries as well.
 */
final class AuditIndexes {

    private AuditIndexes() {
    }

    static void ensure(MongoCollection<?> collection, Duration ttl) {
        IndexOptions timestampOptions = new IndexOptions();
        if (ttl != null) {
            timestampOptions.expireAfter(ttl.toSeconds(), TimeUnit.SECONDS);
        }
        // createIndexes is idempotent for an identical definition; a changed TTL is rejected by the server
        // (IndexOptionsConflict) and needs collMod or dropping timestamp_1 — an operator decision, not a startup one.
        collection.createIndexes(List.of(
                new IndexModel(Indexes.ascending(TIMESTAMP), timestampOptions),
                new IndexModel(Indexes.compoundIndex(Indexes.ascending(USER_ID), Indexes.descending(TIMESTAMP))),
                new IndexModel(Indexes.compoundIndex(Indexes.ascending(SERVICE, ACTION),
                        Indexes.descending(TIMESTAMP)))));
    }
}
