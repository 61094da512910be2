package dev.overlay.api;

import dev.overlay.handshake.HandshakeException;
import dev.overlay.handshake.HandshakeFailure;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Turns failures into RFC 9457 problem details. Handshake failures carry a machine-readable
 * {@code reason} (the same code the peer port uses) and, for full nodes, the offered alternatives.
 * A failure nothing here expects is a bug: the caller gets a generic 500 with an error id, never the
 * exception's message, and the log gets the stack trace under the same id.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    static final String PROBLEM_BASE = "urn:overlay:problem:";
    /** Subscribers come and go at the clients' pace; a short wait is a fair guess, not a promise. */
    static final long SUBSCRIBER_RETRY_AFTER_SECONDS = 10;

    /** Names every invalid field, so the caller knows what to fix without reading the docs. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        String detail = errors.stream().map(error -> error.get("field") + ": " + error.get("message"))
                .collect(Collectors.joining("; "));
        ProblemDetail problem = invalidInput(detail);
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Names every invalid request parameter, like the body validation above. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error ->
                        result.getMethodParameter().getParameterName() + ": " + error.getDefaultMessage()))
                .collect(Collectors.joining("; "));
        return handleExceptionInternal(e, invalidInput(detail), headers, HttpStatus.BAD_REQUEST, request);
    }

    /** An RFC 9457 problem with this API's type URNs. */
    static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PROBLEM_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    /** The answer to input the API cannot use, whichever check refused it. */
    static ProblemDetail invalidInput(String detail) {
        return problem(HttpStatus.BAD_REQUEST, "bad-request", "Invalid input", detail);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badInput(IllegalArgumentException e) {
        return invalidInput(e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return e.problem();
    }

    /** A full stream: try again later, when a subscriber may have left. */
    @ExceptionHandler(SubscriberLimitException.class)
    ResponseEntity<ProblemDetail> subscriberLimit(SubscriberLimitException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(SUBSCRIBER_RETRY_AFTER_SECONDS))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "too-many-subscribers", "Too many stream subscribers",
                        e.getMessage()));
    }

    /** Spring unwraps one level of a failed future; this answers the causes of deeper ones. */
    @ExceptionHandler(CompletionException.class)
    ResponseEntity<Object> asyncFailure(CompletionException e, WebRequest request) {
        if (e.getCause() instanceof HandshakeException handshake) {
            return ResponseEntity.of(handshakeFailed(handshake)).build();
        }
        if (e.getCause() instanceof NotFoundException notFound) {
            return ResponseEntity.of(notFound(notFound)).build();
        }
        return unexpected(e.getCause() instanceof Exception cause ? cause : e, request);
    }

    /**
     * Anything no other handler takes. Spring's own answers ({@link ErrorResponse}s such as
     * {@code ResponseStatusException}) keep their status; a client that hung up gets no answer, and
     * its leaving is no failure of the node.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        if (e instanceof ErrorResponse answer) {
            return handleExceptionInternal(e, null, answer.getHeaders(), answer.getStatusCode(), request);
        }
        if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
            return null;
        }
        return handleExceptionInternal(e, null, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    /** Every 500 that Spring did not mean as an answer is a bug, whichever handler met it first. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        boolean bug = HttpStatus.INTERNAL_SERVER_ERROR.isSameCodeAs(status) && !(e instanceof ErrorResponse);
        return super.handleExceptionInternal(e, bug ? internalError(e, request) : body, headers, status, request);
    }

    private static ProblemDetail internalError(Exception e, WebRequest request) {
        String errorId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        HttpServletRequest failed = ((ServletWebRequest) request).getRequest();
        log.error("Error {}: {} {} failed unexpectedly", errorId, failed.getMethod(), failed.getRequestURI(), e);
        ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-server-error",
                "Internal server error", "The node failed to carry out this request. Its log has the cause under"
                        + " error id " + errorId + ".");
        problem.setProperty("errorId", errorId);
        return problem;
    }

    @ExceptionHandler(HandshakeException.class)
    ProblemDetail handshakeFailed(HandshakeException e) {
        ProblemDetail problem = problem(statusOf(e.failure()), "handshake:" + e.failure().code(),
                "Handshake failed: " + e.failure().description(), e.getMessage());
        problem.setProperty("reason", e.failure().code());
        if (!e.alternatives().isEmpty()) {
            problem.setProperty("alternatives", e.alternatives().stream().map(Object::toString).toList());
        }
        return problem;
    }

    private static HttpStatus statusOf(HandshakeFailure failure) {
        return switch (failure) {
            case SLOTS_FULL, SHUTTING_DOWN -> HttpStatus.SERVICE_UNAVAILABLE;
            case DUPLICATE_CONNECTION, SELF_CONNECTION, BANNED -> HttpStatus.CONFLICT;
            case HANDSHAKE_TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
            default -> HttpStatus.BAD_GATEWAY;
        };
    }
}
