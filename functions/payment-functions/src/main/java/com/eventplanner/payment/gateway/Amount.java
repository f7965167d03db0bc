package com.eventplanner.payment.gateway;

import com.eventplanner.contracts.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount in integer minor units of an ISO 4217 currency, whose exponent says where the decimal point is: JPY 1500
 * is 1500 (exponent 0), EUR 49.90 is 4990 (2), BHD 1.250 is 1250 (3). What processors charge and what the payment
 * database stores; messages carry the same value as a decimal {@link Money}, converted without rounding.
 */
public record Amount(long minor, String currency) {

    public Amount {
        Objects.requireNonNull(currency, "currency");
        exponentOf(currency);
        if (minor <= 0) {
            throw new IllegalArgumentException("an amount to pay must be positive: " + minor);
        }
    }

    /** The decimal amount in minor units; a fraction of the currency's smallest unit is refused, never rounded. */
    public static Amount of(Money money) {
        int exponent = exponentOf(money.currency());
        BigDecimal minor = money.amount().movePointRight(exponent);
        try {
            return new Amount(minor.longValueExact(), money.currency());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(money.amount() + " " + money.currency()
                    + " is not a whole number of the currency's minor unit", e);
        }
    }

    public int exponent() {
        return exponentOf(currency);
    }

    public Money toMoney() {
        return new Money(BigDecimal.valueOf(minor, exponent()), currency);
    }

    /** Lower case, as processors such as Stripe name currencies. */
    public String processorCurrency() {
        return currency.toLowerCase(java.util.Locale.ROOT);
    }

    private static int exponentOf(String code) {
        int digits;
        try {
            digits = Currency.getInstance(code).getDefaultFractionDigits();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an ISO 4217 currency: " + code, e);
        }
        if (digits < 0) {
            throw new IllegalArgumentException(code + " has no minor unit to charge in");
        }
        return digits;
    }

    @Override
    public String toString() {
        return toMoney().amount().toPlainString() + " " + currency;
    }
}
