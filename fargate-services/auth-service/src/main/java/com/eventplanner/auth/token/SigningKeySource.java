package com.eventplanner.auth.token;

import com.nimbusds.jose.jwk.JWKSet;

/**
 * Where the private signing keys come from: a JWK Set whose first key signs new tokens and whose other keys are the
 * previous ones, still published so tokens they signed verify until they expire.
 */
public interface SigningKeySource {

    JWKSet load();
}
