package dev.prescale.forecast;

/** A series a model cannot forecast as asked; the message says what is wrong and what would work. */
public final class ForecastException extends RuntimeException {
    public ForecastException(String problem, String fix) {
        super(problem + ". Fix: " + fix);
    }
}
