package dev.prescale.chaos;

import java.time.Duration;

/** The checks every fault makes of its numbers, with messages naming the fault and the fix. */
final class Faults {

    private Faults() {
    }

    static void checkWindow(String kind, Duration start, Duration duration) {
        if (start == null || duration == null || start.isNegative() || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(kind + " fault: start must be zero or later and duration positive, "
                    + "but were " + start + " and " + duration + "; every fault must end by itself");
        }
    }

    static void checkRate(String kind, double rate) {
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException(kind + " fault: rate must be in (0, 1], but was " + rate);
        }
    }

    static void checkStatus(String kind, int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException(kind + " fault: status must be an HTTP error, 400..599, but was "
                    + status);
        }
    }

    static void checkInstances(String kind, int instances) {
        if (instances < 1) {
            throw new IllegalArgumentException(kind + " fault: instances must be 1 or more, but was " + instances);
        }
    }
}
