package dev.overlay.api;

/** The resource named in the request does not exist. */
class NotFoundException extends RuntimeException {

    NotFoundException(String message) {
        super(message, null, false, false);
    }
}
