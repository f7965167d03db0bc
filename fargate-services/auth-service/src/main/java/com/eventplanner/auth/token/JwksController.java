package com.eventplanner.auth.token;

import java.time.Duration;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

/** The public keys (current and previous) other services verify access tokens with. */
@RestController
class JwksController {

    private final Map<String, Object> jwks;

    JwksController(SigningKeys keys) {
        this.jwks = keys.publicKeys().toJSONObject(true);
    }

    @Operation(summary = "JSON Web Key Set of the access-token signing keys")
    @GetMapping(path = "/api/auth/.well-known/jwks.json", produces = {"application/jwk-set+json", "application/json"})
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic()).body(jwks);
    }
}
