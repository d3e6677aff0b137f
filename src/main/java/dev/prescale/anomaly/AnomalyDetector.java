package dev.prescale.anomaly;

/**
 * A streaming anomaly detector: one point at a time, bounded memory, a score in [0, 1] per point (0 normal, towards 1
 * more anomalous). Points must come in time order; a point not later than the one before, or a NaN value, scores 0
 * and leaves the detector's state as it was. Detectors see the forecast when there is one: a point is judged against
 * what was predicted for it, not only against its own past (seed 000).
 */
public interface AnomalyDetector {

    String name();

    /**
     * @param epochSecond the point's time
     * @param value       the observed value
     * @param predicted   the forecast for this point, or NaN when there is none
     * @return the anomaly score in [0, 1]
     */
    double score(long epochSecond, double value, double predicted);
}
