package com.eventplanner.web.testapp;

import com.eventplanner.web.ApiException;
import com.eventplanner.web.CorrelationId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.UUID;

@RestController
@RequestMapping("/api/test")
class OrderController {

    private static final Logger log = LoggerFactory.getLogger(OrderController.class);

    record LineItem(@NotBlank String sku, @Min(1) int quantity) {
    }

    record OrderRequest(@NotBlank String name, @NotBlank @Email String email, @Min(1) @Max(10) int seats,
                        @NotEmpty List<@Valid LineItem> items) {
    }

    @PostMapping(path = "/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> create(@RequestHeader("Idempotency-Key") String idempotencyKey,
                               @Valid @RequestBody OrderRequest order) {
        log.info("order accepted for {} seats", order.seats());
        return Map.of("seats", order.seats(), "idempotencyKey", idempotencyKey);
    }

    @PostMapping(path = "/echo", consumes = MediaType.TEXT_PLAIN_VALUE)
    Map<String, Integer> echo(@RequestBody String body) {
        return Map.of("length", body.length());
    }

    @GetMapping("/events/{id}")
    Map<String, String> event(@PathVariable UUID id) {
        return Map.of("id", id.toString());
    }

    @GetMapping("/sold-out")
    void soldOut() {
        throw ApiException.conflict("SOLD_OUT", "No seats are left for this event.");
    }

    @GetMapping("/private")
    void requiresLogin() {
        throw ApiException.unauthorized("A valid access token is required.");
    }

    @GetMapping("/boom")
    void boom() {
        throw new IllegalStateException("connection to db-1.internal failed, password=hunter2");
    }

    @GetMapping("/whoami")
    Map<String, String> whoami() {
        log.info("handler sees the correlation id");
        return Map.of("correlationId", CorrelationId.current().orElse("none"));
    }
}
