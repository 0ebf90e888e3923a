package io.breakwater.retry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.vertx.core.http.HttpMethod;

class RetryBudgetTest {

    /** Retries granted until the budget says no, at most {@code limit}. */
    private static int granted(RetryBudget budget, int limit) {
        int granted = 0;
        while (granted < limit && budget.tryRetry()) {
            granted++;
        }
        return granted;
    }

    @Test
    void grantsThreeRetriesASecondWithoutCalls() {
        int granted = granted(new RetryBudget(0.2), 100);
        // three in each second the loop saw: one second, or two if it crossed into the next
        assertTrue(granted == 3 || granted == 6, "granted " + granted);
    }

    @Test
    void grantsItsShareOfTheCallsPlusThreeASecond() {
        RetryBudget budget = new RetryBudget(0.2);
        for (int i = 0; i < 100; i++) {
            budget.called();
        }
        int granted = granted(budget, 1000);
        assertTrue(granted == 23 || granted == 26, "a fifth of 100 calls and 3 a second, but granted " + granted);
    }

    @Test
    void grantsOnlyThreeASecondWithAShareOfNothing() {
        RetryBudget budget = new RetryBudget(0);
        for (int i = 0; i < 1000; i++) {
            budget.called();
        }
        int granted = granted(budget, 100);
        assertTrue(granted == 3 || granted == 6, "granted " + granted);
    }

    @Test
    void neverRetriesWhatThePolicyDoesNotAllow() {
        RetryPolicy none = new RetryPolicy(new Config(0, 0.2));
        assertFalse(none.mayRetry(HttpMethod.GET, false, -2));
        RetryPolicy one = new RetryPolicy(new Config(1, 0.2));
        assertTrue(one.mayRetry(HttpMethod.GET, false, -2));
        assertTrue(one.mayRetry(HttpMethod.PUT, true, 64 * 1024));
        assertFalse(one.mayRetry(HttpMethod.PUT, true, 64 * 1024 + 1));
        assertFalse(one.mayRetry(HttpMethod.PUT, true, -1), "chunked, of unknown length");
        assertFalse(one.mayRetry(HttpMethod.POST, false, -2));
        assertFalse(one.mayRetry(HttpMethod.PATCH, true, 10));
        assertTrue(one.retry(0));
        assertFalse(one.retry(1), "one retry per call");
    }

    private record Config(int retries, double retryBudget) implements RetryConfig {
    }
}
