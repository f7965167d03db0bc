package com.eventplanner.audit;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.BsonDocument;
import org.bson.BsonDocumentWriter;
import org.bson.Document;
import org.bson.codecs.EncoderContext;
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
    static BsonDocument encode(AuditRecord record, CodecRegistry codecs) {
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

        BsonDocument encoded = new BsonDocument();
        codecs.get(Document.class).encode(new BsonDocumentWriter(encoded), document, EncoderContext.builder().build());
        return encoded;
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

    /** One-line relaxed extended JSON; {@code Document.parse} turns it back into an insertable document. */
    static String toJson(BsonDocument document) {
        return document.toJson(RELAXED_JSON);
    }

    private static void putIfPresent(Document document, String field, String value) {
        if (value != null) {
            document.append(field, value);
        }
    }
}
