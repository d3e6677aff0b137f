package dev.prescale.scaling;

/**
 * The capacity a group may have. Above {@code max}, AWS predictive scaling either honours the maximum or raises it by a
 * buffer; Prescale does the same, but the buffer is a hard ceiling too: nothing ever scales past
 * {@code max * (1 + maxBufferPercent / 100)}, rounded up.
 *
 * @param maxBufferPercent how far past {@code max} {@link MaxCapacityBehavior#INCREASE} may go, 0..100 (AWS's
 *                         {@code MaxCapacityBuffer})
 */
public record Bounds(int min, int max, MaxCapacityBehavior behavior, int maxBufferPercent) {

    /** What to do when the forecast needs more than {@code max}. */
    public enum MaxCapacityBehavior {
        /** Stop at max ({@code HonorMaxCapacity}). */
        HONOR,
        /** Raise max up to the buffer ({@code IncreaseMaxCapacity}). */
        INCREASE
    }

    public Bounds {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("scaling bounds need 0 <= min <= max, but had min " + min + ", max " + max);
        }
        if (maxBufferPercent < 0 || maxBufferPercent > 100) {
            throw new IllegalArgumentException("maxBufferPercent must be 0..100 (as AWS's MaxCapacityBuffer), but was "
                    + maxBufferPercent);
        }
    }

    public static Bounds honoring(int min, int max) {
        return new Bounds(min, max, MaxCapacityBehavior.HONOR, 0);
    }

    /** The most capacity ever allowed: max, or max plus the buffer when max may be increased. */
    public int ceiling() {
        if (behavior == MaxCapacityBehavior.HONOR) {
            return max;
        }
        return (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(max * (1 + maxBufferPercent / 100.0)));
    }

    /**
     * {@code wanted} (any double, NaN included) rounded up and brought into [min, ceiling]; NaN becomes min. A hair
     * over a whole number (6.000000000000001 from 3.9 / 0.65) is that number, not one more instance.
     */
    public int clamp(double wanted) {
        if (Double.isNaN(wanted)) {
            return min;
        }
        return (int) Math.max(min, Math.min(ceiling(), Math.ceil(wanted - 1e-9)));
    }
}
