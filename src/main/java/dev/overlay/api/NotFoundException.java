package dev.overlay.api;

/** The resource named in the request does not exist. */
class NotFoundException extends RuntimeException {

    private final String type;
    private final String title;

    NotFoundException(String message) {
        this("not-found", "Not found", message);
    }

    NotFoundException(String type, String title, String message) {
        super(message, null, false, false);
        this.type = type;
        this.title = title;
    }

    String type() {
        return type;
    }

    String title() {
        return title;
    }
}
