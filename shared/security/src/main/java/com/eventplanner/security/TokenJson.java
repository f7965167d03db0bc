package com.eventplanner.security;

import com.eventplanner.security.InvalidTokenException.Reason;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JWS header and the access-token claims straight off a streaming parser into fields: no tree, no map, and
 * only the members the checks need are kept. A name given twice is rejected (RFC 7519 section 4 allows either
 * rejecting or taking the last one; rejecting leaves no room for parser differentials).
 */
final class TokenJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private TokenJson() {
    }

    /** The header members the verifier acts on; {@code crit} is only noted, since no extension is understood. */
    record Header(String alg, String kid, String typ, boolean hasCrit) {
    }

    /** The claims of an access token, still unchecked; numeric dates in milliseconds, null when absent. */
    record Claims(String iss, List<String> aud, String sub, Long exp, Long iat, Long nbf, String jti, String sid,
                  String email, String name, List<String> roles) {
    }

    static Header header(byte[] json) {
        String alg = null;
        String kid = null;
        String typ = null;
        boolean crit = false;
        try (JsonParser parser = open(json)) {
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "alg" -> alg = text(parser, value, name);
                    case "kid" -> kid = text(parser, value, name);
                    case "typ" -> typ = text(parser, value, name);
                    case "crit" -> {
                        crit = true;
                        parser.skipChildren();
                    }
                    default -> parser.skipChildren();
                }
            }
            end(parser);
        } catch (JacksonException e) {
            throw new InvalidTokenException(Reason.MALFORMED, "token header is not a JSON object", e);
        }
        if (alg == null) {
            throw new InvalidTokenException(Reason.MALFORMED, "token header has no alg");
        }
        return new Header(alg, kid, typ, crit);
    }

    static Claims claims(byte[] json) {
        String iss = null;
        List<String> aud = null;
        String sub = null;
        Long exp = null;
        Long iat = null;
        Long nbf = null;
        String jti = null;
        String sid = null;
        String email = null;
        String displayName = null;
        List<String> roles = null;
        try (JsonParser parser = open(json)) {
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "iss" -> iss = text(parser, value, name);
                    case "aud" -> aud = value == JsonToken.VALUE_STRING ? List.of(parser.getString())
                            : texts(parser, value, name);
                    case "sub" -> sub = text(parser, value, name);
                    case "exp" -> exp = numericDate(parser, value, name);
                    case "iat" -> iat = numericDate(parser, value, name);
                    case "nbf" -> nbf = numericDate(parser, value, name);
                    case "jti" -> jti = text(parser, value, name);
                    case JwtVerifier.SESSION_CLAIM -> sid = text(parser, value, name);
                    case JwtVerifier.EMAIL_CLAIM -> email = text(parser, value, name);
                    case JwtVerifier.NAME_CLAIM -> displayName = text(parser, value, name);
                    case JwtVerifier.ROLES_CLAIM -> roles = texts(parser, value, name);
                    default -> parser.skipChildren();
                }
            }
            end(parser);
        } catch (JacksonException e) {
            throw new InvalidTokenException(Reason.MALFORMED, "token payload is not a JSON object", e);
        }
        return new Claims(iss, aud, sub, exp, iat, nbf, jti, sid, email, displayName, roles);
    }

    private static JsonParser open(byte[] json) {
        JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json, 0, json.length);
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            parser.close();
            throw new InvalidTokenException(Reason.MALFORMED, "token part is not a JSON object");
        }
        return parser;
    }

    /** nextName answered null: the object must have closed, with nothing after it. */
    private static void end(JsonParser parser) {
        if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
            throw new InvalidTokenException(Reason.MALFORMED, "trailing content after the JSON object");
        }
    }

    /** JSON null counts as absent, as it does for the required-claim checks. */
    private static String text(JsonParser parser, JsonToken value, String name) {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw wrongType(parser, name);
        }
        return parser.getString();
    }

    private static List<String> texts(JsonParser parser, JsonToken value, String name) {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_ARRAY) {
            throw wrongType(parser, name);
        }
        List<String> texts = new ArrayList<>(4);
        JsonToken item;
        while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (item != JsonToken.VALUE_STRING) {
                throw wrongType(parser, name);
            }
            texts.add(parser.getString());
        }
        return texts;
    }

    /** Seconds since the epoch (RFC 7519 NumericDate, fractions allowed) as milliseconds. */
    private static Long numericDate(JsonParser parser, JsonToken value, String name) {
        return switch (value) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> (long) (parser.getDoubleValue() * 1000);
            default -> throw wrongType(parser, name);
        };
    }

    private static InvalidTokenException wrongType(JsonParser parser, String name) {
        return new InvalidTokenException(Reason.INVALID_CLAIMS, "member " + name + " has the wrong type");
    }
}
