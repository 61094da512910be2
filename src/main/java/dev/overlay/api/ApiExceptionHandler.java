package dev.overlay.api;

import dev.overlay.handshake.HandshakeException;
import dev.overlay.handshake.HandshakeFailure;
import java.net.URI;
import java.util.concurrent.CompletionException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns failures into RFC 9457 problem details. Handshake failures carry a machine-readable
 * {@code reason} (the same code the peer port uses) and, for full nodes, the offered alternatives.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    static final String PROBLEM_BASE = "urn:overlay:problem:";

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badInput(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(URI.create(PROBLEM_BASE + "bad-request"));
        problem.setTitle("Invalid input");
        return problem;
    }

    @ExceptionHandler(PeerNotFoundException.class)
    ProblemDetail notFound(PeerNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(URI.create(PROBLEM_BASE + "peer-not-found"));
        problem.setTitle("Peer not found");
        return problem;
    }

    @ExceptionHandler(CompletionException.class)
    ProblemDetail asyncFailure(CompletionException e) throws Throwable {
        if (e.getCause() instanceof HandshakeException handshake) {
            return handshakeFailed(handshake);
        }
        throw e.getCause() == null ? e : e.getCause();
    }

    @ExceptionHandler(HandshakeException.class)
    ProblemDetail handshakeFailed(HandshakeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(statusOf(e.failure()), e.getMessage());
        problem.setType(URI.create(PROBLEM_BASE + "handshake:" + e.failure().code()));
        problem.setTitle("Handshake failed: " + e.failure().description());
        problem.setProperty("reason", e.failure().code());
        if (!e.alternatives().isEmpty()) {
            problem.setProperty("alternatives", e.alternatives().stream().map(Object::toString).toList());
        }
        return problem;
    }

    private static HttpStatus statusOf(HandshakeFailure failure) {
        return switch (failure) {
            case SLOTS_FULL, SHUTTING_DOWN -> HttpStatus.SERVICE_UNAVAILABLE;
            case DUPLICATE_CONNECTION, SELF_CONNECTION -> HttpStatus.CONFLICT;
            case HANDSHAKE_TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
            default -> HttpStatus.BAD_GATEWAY;
        };
    }
}
