package dev.overlay.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

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

    ProblemDetail problem() {
        return ApiExceptionHandler.problem(HttpStatus.NOT_FOUND, type, title, getMessage());
    }
}
