package com.eventplanner.security;

import com.eventplanner.security.InvalidTokenException.Reason;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A compact JWS cut into its three parts with one pass over the text: the ASCII bytes of the whole token (the signing
 * input is a prefix of them, so it is never copied) and the decoded header, payload and signature.
 */
record CompactJws(byte[] ascii, int signingInputLength, byte[] header, byte[] payload, byte[] signature) {

    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    /** A JWE has five parts; it is never an access token here. */
    private static final int JWE_DOTS = 4;

    static CompactJws parse(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second < 0) {
            throw new InvalidTokenException(Reason.MALFORMED, "token is not a compact JWS");
        }
        if (token.indexOf('.', second + 1) >= 0) {
            if (token.chars().filter(c -> c == '.').count() == JWE_DOTS) {
                throw new InvalidTokenException(Reason.UNSUPPORTED_ALGORITHM, "encrypted token rejected");
            }
            throw new InvalidTokenException(Reason.MALFORMED, "token is not a compact JWS");
        }
        // non-ASCII characters become '?', which no Base64URL part may contain
        byte[] ascii = token.getBytes(StandardCharsets.US_ASCII);
        return new CompactJws(ascii, second, decode(ascii, 0, first), decode(ascii, first + 1, second),
                decode(ascii, second + 1, ascii.length));
    }

    private static byte[] decode(byte[] ascii, int from, int to) {
        try {
            ByteBuffer decoded = BASE64URL.decode(ByteBuffer.wrap(ascii, from, to - from));
            return decoded.array().length == decoded.remaining() ? decoded.array() : toArray(decoded);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException(Reason.MALFORMED, "token part is not Base64URL", e);
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
