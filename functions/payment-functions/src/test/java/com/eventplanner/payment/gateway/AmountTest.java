package com.eventplanner.payment.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eventplanner.contracts.Money;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Minor units by the currency's ISO 4217 exponent, exactly, both ways. */
class AmountTest {

    @Test
    void minorUnitsFollowTheCurrencysExponent() {
        assertThat(Amount.of(new Money(new BigDecimal("1500"), "JPY"))).isEqualTo(new Amount(1500, "JPY"));
        assertThat(Amount.of(new Money(new BigDecimal("49.90"), "USD"))).isEqualTo(new Amount(4990, "USD"));
        assertThat(Amount.of(new Money(new BigDecimal("1.250"), "BHD"))).isEqualTo(new Amount(1250, "BHD"));
        assertThat(Amount.of(new Money(new BigDecimal("1500.00"), "JPY")).minor()).as("a scale of zeros").isEqualTo(1500);
    }

    @Test
    void backToDecimalsWithoutRounding() {
        assertThat(new Amount(1250, "BHD").toMoney()).isEqualTo(new Money(new BigDecimal("1.250"), "BHD"));
        assertThat(new Amount(1500, "JPY").toMoney().amount()).isEqualByComparingTo("1500");
        assertThat(new Amount(4990, "EUR").processorCurrency()).isEqualTo("eur");
    }

    @Test
    void aFractionOfTheMinorUnitOrAnUnknownCurrencyIsRefused() {
        assertThatThrownBy(() -> Amount.of(new Money(new BigDecimal("10.5"), "JPY")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Amount.of(new Money(new BigDecimal("0.001"), "EUR")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Amount(100, "XYZ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Amount(0, "EUR")).isInstanceOf(IllegalArgumentException.class);
    }
}
