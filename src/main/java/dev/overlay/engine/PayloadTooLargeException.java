package dev.overlay.engine;

/** A message to publish is larger than {@code overlay.relay.max-payload-size} allows. */
public final class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(int size, int limit) {
        super("payload of " + size + " bytes exceeds the limit of " + limit);
    }
}
