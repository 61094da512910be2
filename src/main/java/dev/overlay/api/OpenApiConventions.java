package dev.overlay.api;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpMethod;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules every operation of the API follows, written into the OpenAPI document once here rather
 * than repeated on each controller method, so a new operation is documented correctly by default:
 * <ul>
 *   <li>a method outside {@link SecurityConfiguration#OPEN_METHODS} needs the bearer token and may
 *       answer 401, as the security filter chain enforces;</li>
 *   <li>an operation that takes input (parameters or a body) may answer 400; an operation that says
 *       more about its 400 keeps its own description;</li>
 *   <li>every operation may answer 500, as any request may meet a bug;</li>
 *   <li>every error answer is an {@code application/problem+json} {@value #PROBLEM_SCHEMA}, as
 *       {@link ApiExceptionHandler} writes it, with an example: the operation's own, or else the answer
 *       the API gives for that status (401, 404 and 500 each have one form; 400 has two where the
 *       operation takes a body, which may be invalid input or not JSON at all).</li>
 * </ul>
 * Answers about a request no operation matches (405, 406, 415, unknown paths) are not any one
 * operation's, so they are listed in docs/OPERATIONS.md rather than here.
 * Operation-specific errors (404, 409, 502...) stay on the controller methods, next to the code that
 * raises them.
 */
@Component
class OpenApiConventions implements OpenApiCustomizer {

    static final String PROBLEM_SCHEMA = "ProblemDetail";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM_SCHEMA;
    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    private static final String INTERNAL_ERROR_ID = "3fa9c2d1";

    private final JsonMapper json;

    OpenApiConventions(JsonMapper json) {
        this.json = json;
    }

    /** What every error answer looks like; only for the document (the answers are {@code ProblemDetail}s). */
    @Schema(name = PROBLEM_SCHEMA,
            description = "RFC 9457 problem details. The last four members appear only where their description says.")
    record Problem(
            @Schema(requiredMode = RequiredMode.REQUIRED, example = "urn:overlay:problem:bad-request",
                    description = "urn:overlay:problem:<code>; the codes are listed in docs/OPERATIONS.md")
            URI type,
            @Schema(requiredMode = RequiredMode.REQUIRED, example = "Invalid input") String title,
            @Schema(requiredMode = RequiredMode.REQUIRED, example = "400") int status,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "What went wrong and what to fix",
                    example = "endpoint: must not be blank")
            String detail,
            @Schema(description = "The request path", example = "/api/v1/peers") URI instance,
            @Schema(description = "Invalid request body: every bad field") List<FieldProblem> errors,
            @Schema(description = "Failed handshake: the peer port's refusal code (see docs/PROTOCOL.md)",
                    example = "slots-full")
            String reason,
            @Schema(description = "Refused as slots-full: endpoints the full node offered instead",
                    example = "[\"198.51.100.21:51235\"]")
            List<String> alternatives,
            @Schema(description = "Internal server error: the node's log has the cause under this id",
                    example = INTERNAL_ERROR_ID)
            String errorId) {
    }

    record FieldProblem(@Schema(example = "endpoint") String field,
                        @Schema(example = "must not be blank") String message) {
    }

    @Override
    public void customise(OpenAPI api) {
        ModelConverters.getInstance(true).readAll(Problem.class).forEach(api.getComponents()::addSchemas);
        api.getPaths().values().forEach(item -> item.readOperationsMap().forEach((method, operation) -> {
            ApiResponses responses = operation.getResponses();
            if (takesInput(operation)) {
                responses.putIfAbsent("400", new ApiResponse()
                        .description("A parameter or body field is invalid; the problem's detail names it"));
            }
            if (needsToken(method)) {
                operation.setSecurity(List.of(new SecurityRequirement().addList(OpenApiConfiguration.BEARER)));
                responses.putIfAbsent("401", new ApiResponse().description("Missing or wrong bearer token"));
            }
            responses.putIfAbsent("500", new ApiResponse().description("The node failed unexpectedly; its log has"
                    + " the cause under the problem's errorId"));
            responses.forEach((status, response) -> {
                if (status.startsWith("4") || status.startsWith("5")) {
                    response.setContent(problemContent(status, response, operation.getRequestBody() != null));
                }
            });
            operation.setResponses(sortedByStatus(responses));
        }));
    }

    private static boolean takesInput(Operation operation) {
        return operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
    }

    private static boolean needsToken(PathItem.HttpMethod method) {
        return !SecurityConfiguration.OPEN_METHODS.contains(HttpMethod.valueOf(method.name()));
    }

    /**
     * Problem details as the only content. Examples the operation declared are kept; otherwise the
     * examples are the answers this API gives for the status, where it has usual answers for it.
     */
    private Content problemContent(String status, ApiResponse response, boolean takesBody) {
        Content declared = response.getContent();
        MediaType problem = declared == null || declared.get(PROBLEM_JSON) == null
                ? new MediaType() : declared.get(PROBLEM_JSON);
        if (problem.getExamples() == null) {
            List<Answer> answers = usualAnswers(status, response.getDescription(), takesBody);
            if (answers.size() == 1) {
                problem.setExample(json.convertValue(answers.get(0).problem(), Map.class));
            } else {
                answers.forEach(answer -> problem.addExamples(answer.name(),
                        new Example().value(json.convertValue(answer.problem(), Map.class))));
            }
        }
        problem.setSchema(new io.swagger.v3.oas.models.media.Schema<>().$ref(PROBLEM_REF));
        return new Content().addMediaType(PROBLEM_JSON, problem);
    }

    /** One example of an error answer, named for Swagger UI's list where a status has several. */
    private record Answer(String name, ProblemDetail problem) {
    }

    private static List<Answer> usualAnswers(String status, String description, boolean takesBody) {
        Answer invalidInput = new Answer("invalid input", ApiExceptionHandler.invalidInput(description));
        return switch (status) {
            case "400" -> takesBody ? List.of(invalidInput, new Answer("unreadable body",
                    ApiExceptionHandler.unreadableBody("The body is not valid JSON (line 1, column 19).")))
                    : List.of(invalidInput);
            case "401" -> List.of(new Answer("unauthorized", SecurityConfiguration.unauthorized()));
            case "404" -> List.of(new Answer("not found", new NotFoundException(description).problem()));
            case "500" -> List.of(new Answer("internal server error",
                    ApiExceptionHandler.internalError(INTERNAL_ERROR_ID)));
            default -> List.of();
        };
    }

    /** Swagger UI lists responses in document order; by status reads best. */
    private static ApiResponses sortedByStatus(ApiResponses responses) {
        ApiResponses sorted = new ApiResponses();
        responses.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sorted.addApiResponse(e.getKey(), e.getValue()));
        return sorted;
    }
}
