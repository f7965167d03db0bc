package com.eventplanner.function.aws;

import java.util.Map;
import java.util.function.Function;

/**
 * Lambda environment variables are plain text, so the template hands functions the ARN of the secret holding the
 * DocumentDB URI ({@code MONGODB_URI_SECRET_ARN}) instead of the URI itself. Resolved once at start-up, which under
 * SnapStart is before the snapshot: the snapshot is encrypted, and the URI does not change between restores.
 */
final class MongoUriFromSecret {

    static final String SECRET_VARIABLE = "MONGODB_URI_SECRET_ARN";
    static final String URI_PROPERTY = "eventplanner.mongodb.uri";

    private MongoUriFromSecret() {
    }

    /** The property to add, or none when a URI is given directly or no secret is named. */
    static Map<String, Object> resolve(Function<String, String> environment, Function<String, String> secrets) {
        String secretArn = environment.apply(SECRET_VARIABLE);
        if (secretArn == null || secretArn.isBlank() || environment.apply("MONGODB_URI") != null) {
            return Map.of();
        }
        String uri = secrets.apply(secretArn);
        return Map.of(URI_PROPERTY, uri);
    }
}
