package dev.overlay.api;

import dev.overlay.engine.PayloadTooLargeException;
import dev.overlay.handshake.HandshakeException;
import dev.overlay.peer.InvalidSlotLimitsException;
import dev.overlay.handshake.HandshakeFailure;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigInteger;
import java.net.URI;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.ClassUtils;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

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
                .map(error -> fieldError(error.getField(), String.valueOf(error.getDefaultMessage())))
                .toList();
        return handleExceptionInternal(e, invalidFields(errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    private static Map<String, String> fieldError(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    private static ProblemDetail invalidFields(List<Map<String, String>> errors) {
        ProblemDetail problem = invalidInput(errors.stream()
                .map(error -> error.get("field") + ": " + error.get("message")).collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors);
        return problem;
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

    /**
     * A body that is not the JSON this call takes. A field of the wrong type is invalid input like a
     * failed validation; a body that cannot be parsed at all has its own type. Jackson's message is
     * never passed on: it quotes the input, which may be large.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem;
        if (e.getCause() instanceof StreamReadException syntax && !(syntax instanceof InputCoercionException)) {
            problem = unreadableBody("The body is not valid JSON (line " + syntax.getLocation().getLineNr()
                    + ", column " + syntax.getLocation().getColumnNr() + ").");
        } else if (e.getCause() instanceof JacksonException json && !json.getPath().isEmpty()) {
            problem = invalidFields(List.of(fieldError(fieldPath(json), "expected " + expected(targetType(json)))));
        } else if (e.getCause() instanceof MismatchedInputException shape) {
            problem = unreadableBody("The body must be " + expected(shape.getTargetType()) + ".");
        } else if (e.getCause() == null) {
            problem = unreadableBody("The request has no body; this call takes a JSON object.");
        } else {
            problem = unreadableBody("The body could not be read as this call's JSON.");
        }
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    static ProblemDetail unreadableBody(String detail) {
        return problem(HttpStatus.BAD_REQUEST, "unreadable-body", "Unreadable request body", detail);
    }

    /** The field as the caller wrote it, such as {@code limits.maxPeers} or {@code items[2]}. */
    private static String fieldPath(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference step : e.getPath()) {
            if (step.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(step.getPropertyName());
            } else {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static Class<?> targetType(JacksonException e) {
        if (e instanceof MismatchedInputException mismatch) {
            return mismatch.getTargetType();
        }
        return e instanceof InputCoercionException coercion ? coercion.getTargetType() : null;
    }

    /** A Java type as a JSON or query-string value the caller could send instead. */
    private static String expected(Class<?> type) {
        Class<?> boxed = type == null ? Object.class : ClassUtils.resolvePrimitiveIfNecessary(type);
        if (Set.of(Byte.class, Short.class, Integer.class, Long.class, BigInteger.class).contains(boxed)) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(boxed)) {
            return "a number";
        }
        if (boxed == Boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(boxed) || boxed.isEnum()) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(boxed) || boxed.isArray()) {
            return "an array";
        }
        return boxed == Object.class ? "another value" : "an object";
    }

    /** A query or path parameter that is not of its type, such as {@code limit=ten}. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException argument ? argument.getName()
                : e.getPropertyName();
        return handleExceptionInternal(e, invalidInput(name + ": expected " + expected(e.getRequiredType())),
                headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(e, invalidInput(e.getParameterName() + ": required"), headers, status,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String allowed = e.getSupportedHttpMethods() == null ? "" : "; it takes " + e.getSupportedHttpMethods()
                .stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", "));
        return handleExceptionInternal(e, problem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
                "Method not allowed", requestLine(request) + " is not supported" + allowed + "."),
                headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String sent = e.getContentType() == null ? "The request has no Content-Type"
                : "Content-Type " + e.getContentType().getType() + "/" + e.getContentType().getSubtype()
                        + " is not supported";
        return handleExceptionInternal(e, problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "Unsupported media type", sent + "; this call takes " + MediaType.toString(e.getSupportedMediaTypes())
                        + "."), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(e, problem(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable",
                "The Accept header allows none of what this call answers in: "
                        + MediaType.toString(e.getSupportedMediaTypes()) + "."), headers, status, request);
    }

    /** A path no controller maps: Spring looks for a static resource last and reports that one missing. */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(e, problem(HttpStatus.NOT_FOUND, "unknown-path", "Unknown path",
                "Nothing on this node answers " + requestLine(request) + "."), headers, status, request);
    }

    /**
     * The API's type for whatever Spring reports that nothing here describes better, which Spring
     * leaves without one (meaning about:blank): its status, such as {@code urn:overlay:problem:gone}.
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        HttpStatus known = HttpStatus.resolve(status.value());
        if (body instanceof ProblemDetail problem && problem.getType() == null && known != null) {
            problem.setType(URI.create(PROBLEM_BASE + known.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private static String requestLine(WebRequest request) {
        HttpServletRequest servlet = ((ServletWebRequest) request).getRequest();
        return servlet.getMethod() + " " + servlet.getRequestURI();
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

    /** Input a controller refused, with the detail it wrote for the client. */
    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail badInput(InvalidInputException e) {
        return invalidInput(e.getMessage());
    }

    /** Slot limits that break their one rule; the detail is that rule. */
    @ExceptionHandler(InvalidSlotLimitsException.class)
    ProblemDetail badSlotLimits(InvalidSlotLimitsException e) {
        return invalidInput(e.getMessage());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ProblemDetail payloadTooLarge(PayloadTooLargeException e) {
        return invalidInput("payload: " + e.getMessage());
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
        log.error("Error {}: {} failed unexpectedly", errorId, requestLine(request), e);
        return internalError(errorId);
    }

    /** The answer to a bug; the API documentation shows it as the 500 example. */
    static ProblemDetail internalError(String errorId) {
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
