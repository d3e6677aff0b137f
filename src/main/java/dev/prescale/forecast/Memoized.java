package dev.prescale.forecast;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model that remembers its last few forecasts, keyed by the history's contents, the horizon and the width. In a
 * backtest the same fit is asked for again and again: a calibrated model refits its model one horizon back (the
 * previous origin's fit), and the median refits every member that is also a candidate on its own. Sharing one
 * memoized instance among them makes each of those fits happen once.
 */
final class Memoized implements Forecaster {

    private static final int ENTRIES = 8;

    private final Forecaster model;
    private final Map<Key, Forecast> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Forecast> eldest) {
            return size() > ENTRIES;
        }
    };

    Memoized(Forecaster model) {
        this.model = model;
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public synchronized Forecast forecast(Series history, int horizon, double intervalWidth) {
        Key key = new Key(history.start(), history.step(), history.size(), contentHash(history.values()), horizon,
                intervalWidth);
        Forecast f = recent.get(key);
        if (f == null) {
            f = model.forecast(history, horizon, intervalWidth); // a failure is not remembered: it is cheap to repeat
            recent.put(key, f);
        }
        return f;
    }

    /** 64 bits of the values (two independent mixes), so a changed history is not mistaken for a remembered one. */
    private static long contentHash(double[] values) {
        long a = 1125899906842597L;
        long b = 0x9E3779B97F4A7C15L;
        for (double v : values) {
            long bits = Double.doubleToLongBits(v);
            a = 31 * a + bits;
            b = Long.rotateLeft(b ^ bits, 27) * 0x94D049BB133111EBL;
        }
        return a ^ b;
    }

    private record Key(long start, long step, int size, long hash, int horizon, double width) {
    }
}
