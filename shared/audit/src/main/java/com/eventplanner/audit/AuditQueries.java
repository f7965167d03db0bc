package com.eventplanner.audit;

import static com.eventplanner.audit.AuditDocuments.ACTION;
import static com.eventplanner.audit.AuditDocuments.SERVICE;
import static com.eventplanner.audit.AuditDocuments.TIMESTAMP;
import static com.eventplanner.audit.AuditDocuments.USER_ID;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.conversions.Bson;

/**
 * The query shapes of seed section 6.2, each served by one of the {@link AuditIndexes}. Time ranges are
 * {@code [from, to)}; results are newest first and at most {@code limit} long.
 */
public final class AuditQueries {

    private final MongoCollection<Document> collection;

    public AuditQueries(MongoCollection<?> collection) {
        this.collection = collection.withDocumentClass(Document.class).withCodecRegistry(
                CodecRegistries.withUuidRepresentation(collection.getCodecRegistry(), UuidRepresentation.STANDARD));
    }

    /** A user's audit trail. */
    public List<AuditRecord> byUser(String userId, Instant from, Instant to, int limit) {
        return find(Filters.and(Filters.eq(USER_ID, Objects.requireNonNull(userId, "userId")), range(from, to)), limit);
    }

    /** What one kind of action did, e.g. every {@code booking.cancelled} of booking-service last week. */
    public List<AuditRecord> byServiceAndAction(String service, String action, Instant from, Instant to, int limit) {
        return find(Filters.and(
                Filters.eq(SERVICE, Objects.requireNonNull(service, "service")),
                Filters.eq(ACTION, Objects.requireNonNull(action, "action")),
                range(from, to)), limit);
    }

    /** Everything that happened in a window. */
    public List<AuditRecord> byTimeRange(Instant from, Instant to, int limit) {
        return find(range(from, to), limit);
    }

    private List<AuditRecord> find(Bson filter, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        List<AuditRecord> records = new ArrayList<>();
        for (Document document : collection.find(filter).sort(Sorts.descending(TIMESTAMP)).limit(limit)) {
            records.add(AuditDocuments.decode(document));
        }
        return records;
    }

    private static Bson range(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return Filters.and(Filters.gte(TIMESTAMP, Date.from(from)), Filters.lt(TIMESTAMP, Date.from(to)));
    }
}
