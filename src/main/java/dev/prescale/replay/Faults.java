package dev.prescale.replay;

/**
 * Capacity faults by minute of a replay, as the issue simulator's crash and slowdown issues play on a fleet: serving
 * instances lost, and how many times slower one instance serves (1: none).
 */
public interface Faults {

    /** No faults. */
    Faults NONE = new Faults() {
        @Override
        public int lost(int minute) {
            return 0;
        }

        @Override
        public double slowdown(int minute) {
            return 1;
        }
    };

    int lost(int minute);

    double slowdown(int minute);
}
