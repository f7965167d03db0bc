package com.eventplanner.contracts;

import java.math.BigDecimal;

/** An amount in an ISO 4217 currency; amounts travel as decimal numbers, never as binary floating point. */
public record Money(BigDecimal amount, String currency) {

    public Money multiply(int quantity) {
        return new Money(amount.multiply(BigDecimal.valueOf(quantity)), currency);
    }
}
