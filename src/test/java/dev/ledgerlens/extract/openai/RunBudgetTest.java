package dev.ledgerlens.extract.openai;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RunBudgetTest {

    @Test
    void aRequestThatCouldExceedTheCostBudgetIsRefusedAsFatal() {
        RunBudget budget = new RunBudget(new BigDecimal("0.010"), 0);
        RunBudget.Reservation first = budget.reserve(5000, new BigDecimal("0.006"));
        budget.settle(first, 3000, new BigDecimal("0.004"));

        budget.reserve(5000, new BigDecimal("0.006")); // 0.004 spent + 0.006 = exactly the budget: allowed
        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                () -> budget.reserve(10, new BigDecimal("0.0001")));

        assertThat(failure.reason()).isEqualTo(FailureReason.BUDGET_EXHAUSTED);
        assertThat(failure.isFatal()).isTrue();
        assertThat(failure.getMessage()).contains("0.004 USD used").contains("0.006 USD in flight");
    }

    @Test
    void inFlightReservationsCountAndReleasedOnesComeBack() {
        RunBudget budget = new RunBudget(null, 10_000);
        RunBudget.Reservation a = budget.reserve(6_000, BigDecimal.ZERO);
        assertThat(catchThrowableOfType(LedgerlensException.class, () -> budget.reserve(6_000, BigDecimal.ZERO)).reason())
                .isEqualTo(FailureReason.BUDGET_EXHAUSTED);

        budget.release(a);

        budget.reserve(6_000, BigDecimal.ZERO);
        assertThat(budget.spentTokens()).isZero();
    }

    @Test
    void settlingRecordsWhatWasReallySpent() {
        RunBudget budget = new RunBudget(new BigDecimal("1"), 1_000_000);
        RunBudget.Reservation reservation = budget.reserve(8_000, new BigDecimal("0.01"));
        budget.settle(reservation, 1_500, new BigDecimal("0.0009"));

        assertThat(budget.spentTokens()).isEqualTo(1_500);
        assertThat(budget.spentUsd()).isEqualByComparingTo("0.0009");
    }

    @Test
    void unlimitedNeverRefuses() {
        RunBudget budget = RunBudget.unlimited();
        for (int i = 0; i < 100; i++) {
            budget.reserve(1_000_000, new BigDecimal("100"));
        }
        assertThat(budget.spentUsd()).isEqualByComparingTo("0");
    }
}
