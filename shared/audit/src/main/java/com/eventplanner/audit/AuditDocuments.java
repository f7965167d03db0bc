package com.eventplanner.audit;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.ObjectId;

/** Mapping between {@link AuditRecord} and its stored document; null fields are omitted. */
final class AuditDocuments {

    static final String TIMESTAMP = "timestamp";
    static final String SERVICE = "service";
    static final String ACTION = "action";
    static final String USER_ID = "userId";
    static final String RESOURCE_ID = "resourceId";
    static final String CHANGES = "changes";
    static final String IP_ADDRESS = "ipAddress";
    static final String USER_AGENT = "userAgent";
    static final String CORRELATION_ID = "correlationId";

    private static final JsonWriterSettings RELAXED_JSON = JsonWriterSettings.builder()
            .outputMode(JsonMode.RELAXED)
            .build();

    private AuditDocuments() {
    }

    /**
     * Encodes eagerly, so a value the codecs cannot handle fails the caller at once (a programming error) instead of
     * failing every retry; the {@code _id} is assigned here so that a retried insert that already succeeded is
     * recognised as a duplicate rather than stored twice.
     */
    static RawBsonDocument encode(AuditRecord record, CodecRegistry codecs) {
        Document document = new Document("_id", new ObjectId())
                .append(TIMESTAMP, Date.from(record.timestamp()));
        putIfPresent(document, SERVICE, record.service());
        document.append(ACTION, record.action());
        putIfPresent(document, USER_ID, record.userId());
        putIfPresent(document, RESOURCE_ID, record.resourceId());
        document.append(CHANGES, new Document(record.changes()));
        putIfPresent(document, IP_ADDRESS, record.ipAddress());
        putIfPresent(document, USER_AGENT, record.userAgent());
        putIfPresent(document, CORRELATION_ID, record.correlationId());

        // encoded once, to bytes: their length is what the writer's buffer is bounded by
        return new RawBsonDocument(document, codecs.get(Document.class));
    }

    /**
     * What identifies a record without what it says (no user, address, agent or changes, which can hold emails):
     * one-line JSON for the logs.
     */
    static String ids(BsonDocument document) {
        BsonDocument ids = new BsonDocument();
        for (String field : new String[] {"_id", SERVICE, ACTION, RESOURCE_ID, CORRELATION_ID}) {
            if (document.containsKey(field)) {
                ids.put(field, document.get(field));
            }
        }
        return ids.toJson(RELAXED_JSON);
    }

    static AuditRecord decode(Document document) {
        Document changes = document.get(CHANGES, Document.class);
        return new AuditRecord(
                document.getDate(TIMESTAMP).toInstant(),
                document.getString(SERVICE),
                document.getString(ACTION),
                document.getString(USER_ID),
                document.getString(RESOURCE_ID),
                changes == null ? Map.of() : new LinkedHashMap<>(changes),
                document.getString(IP_ADDRESS),
                document.getString(USER_AGENT),
                document.getString(CORRELATION_ID));
    }

    private static void putIfPresent(Document document, String field, String value) {
        if (value != null) {
            document.append(field, value);
        }
    }
}
