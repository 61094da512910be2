package dev.overlay.identity;

/** The node identity cannot be loaded or created; start-up must stop rather than pick a new one. */
public class IdentityException extends RuntimeException {

    public IdentityException(String message, Throwable cause) {
        super(message, cause);
    }

    public IdentityException(String message) {
        super(message);
    }
}
