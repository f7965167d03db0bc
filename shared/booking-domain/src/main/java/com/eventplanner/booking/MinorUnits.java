package com.eventplanner.booking;

import com.eventplanner.contracts.Money;
import java.util.Currency;

/**
 * Money compared exactly, as integer minor units of its ISO 4217 currency (EUR and USD 2 digits, JPY 0, BHD 3):
 * 10.0 EUR equals 10.00 EUR, while 10.001 EUR is no EUR amount at all and equals nothing.
 */
final class MinorUnits {

    private MinorUnits() {
    }

    static boolean same(Money expected, Money actual) {
        if (expected == null || actual == null || actual.currency() == null
                || !expected.currency().equals(actual.currency())) {
            return false;
        }
        Long want = of(expected);
        return want != null && want.equals(of(actual));
    }

    /** The amount in minor units, or null when it has more digits than its currency, or no known currency. */
    static Long of(Money money) {
        if (money.amount() == null) {
            return null;
        }
        int digits;
        try {
            digits = Currency.getInstance(money.currency()).getDefaultFractionDigits();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (digits < 0) {
            return null; // a currency without minor units of its own (XXX, XAU): no booking is priced in it
        }
        try {
            return money.amount().movePointRight(digits).longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }
}
