package dev.overlay.api;

/**
 * Input a controller checked and refused; answered as a {@code 400 bad-request} whose detail is this
 * exception's message, which the controller writes for the client: the field, then what it must be.
 * Only this type (and the node's own validation types) carry text to a client; any other exception
 * is answered without its message.
 */
final class InvalidInputException extends RuntimeException {

    InvalidInputException(String field, String expected) {
        super(field + ": " + expected);
    }
}
