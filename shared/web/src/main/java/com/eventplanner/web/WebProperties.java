package com.eventplanner.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code eventplanner.web.*}.
 *
 * @param maxRequestBody            larger request bodies are answered 413 (default 64KB)
 * @param rejectUnknownJsonProperties request bodies naming a field the target type lacks are answered 400
 */
@ConfigurationProperties("eventplanner.web")
public record WebProperties(
        @DefaultValue("64KB") DataSize maxRequestBody,
        @DefaultValue("true") boolean rejectUnknownJsonProperties) {
}
