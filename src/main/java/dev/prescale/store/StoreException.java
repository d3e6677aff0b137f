package dev.prescale.store;

/**
 * The store cannot do what was asked: the server is unreachable, refuses the credentials, lacks the database, or a
 * seed file is malformed. The message names the server or file and the fix. {@link #status()} carries the HTTP
 * status when there was one (0 otherwise); {@link #retryable()} says whether trying again later can succeed.
 */
public class StoreException extends RuntimeException {

    private final int status;
    private final boolean retryable;

    public StoreException(String message, Throwable cause) {
        this(message, 0, false, cause);
    }

    public StoreException(String message, int status, boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
    }

    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }
}
