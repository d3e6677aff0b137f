package dev.prescale.scaling;

/** A scaling call that failed for good (after the SDK's retries), naming the group and the fix. */
public final class ScalingException extends RuntimeException {

    public ScalingException(String message, String fix, Throwable cause) {
        super(message + ". Fix: " + fix, cause);
    }
}
