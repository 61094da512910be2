package dev.overlay.api;

/** A stream already has as many subscribers as it may; answered with 503 and {@code Retry-After}. */
final class SubscriberLimitException extends RuntimeException {

    SubscriberLimitException(String stream, int limit) {
        super(stream + " already has " + limit + " subscribers, the most overlay.relay.max-stream-subscribers"
                + " allows; retry once one leaves");
    }
}
