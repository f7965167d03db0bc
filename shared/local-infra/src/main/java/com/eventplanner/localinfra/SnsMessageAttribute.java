package com.eventplanner.localinfra;

/** An SNS message attribute as published: {@code String}, {@code String.Array}, {@code Number} or {@code Binary}. */
public record SnsMessageAttribute(String dataType, String stringValue, byte[] binaryValue) {
}
