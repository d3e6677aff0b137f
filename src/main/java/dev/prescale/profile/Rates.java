package dev.prescale.profile;

/** Checks shared by every pattern: a rate is a finite, non-negative number of requests per second. */
final class Rates {
    private Rates() {
    }

    static void requireRate(String field, double rate) {
        if (!Double.isFinite(rate) || rate < 0) {
            throw ProfileException.inField(field, "a rate must be a finite number of requests/s >= 0, but was " + rate,
                    "write a rate such as 50 (requests per second)");
        }
    }
}
