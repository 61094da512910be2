package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document a running node serves at {@code /v3/api-docs}: every endpoint is in it, with a
 * summary, request examples, its error answers as problem details and, where it changes the node, the
 * bearer token that Swagger UI's "Authorize" supplies.
 */
class OpenApiDocumentTest {

    @RegisterExtension
    static final RunningNodes nodes = new RunningNodes();

    private static RunningNode node;
    private static JsonNode document;
    private static List<DocumentedOperation> operations;

    @BeforeAll
    static void fetchDocument() {
        node = nodes.start("node");
        document = node.get("/v3/api-docs").json();
        operations = DocumentedOperation.all(document);
    }

    @Test
    void documentHasEveryEndpointOfTheApi() {
        List<String> endpoints = new ArrayList<>();
        node.bean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class).getHandlerMethods().keySet()
                .forEach(mapping -> mapping.getPatternValues().stream().filter(path -> path.startsWith("/api/"))
                        .forEach(path -> mapping.getMethodsCondition().getMethods()
                                .forEach(method -> endpoints.add(method + " " + path))));

        assertThat(operations).extracting(DocumentedOperation::toString)
                .containsExactlyInAnyOrderElementsOf(endpoints);
    }

    @Test
    void everyOperationHasASummary() {
        assertThat(operations).as("operations without a summary")
                .filteredOn(op -> op.spec().path("summary").asString().isBlank()).isEmpty();
    }

    @Test
    void everyRequestBodyHasAnExample() {
        List<DocumentedOperation> withBody = operations.stream().filter(op -> op.spec().has("requestBody")).toList();

        assertThat(withBody).isNotEmpty();
        assertThat(withBody).as("request bodies without an example").filteredOn(op -> {
            JsonNode json = op.spec().path("requestBody").path("content").path("application/json");
            return !json.has("example") && json.path("examples").isEmpty();
        }).isEmpty();
    }

    @Test
    void everyMutatingOperationNeedsTheBearerToken() {
        List<DocumentedOperation> mutating = operations.stream().filter(DocumentedOperation::mutating).toList();

        assertThat(mutating).isNotEmpty();
        assertThat(mutating).as("mutating operations without the bearer requirement")
                .filteredOn(op -> !op.spec().path("security").path(0).has(OpenApiConfiguration.BEARER)).isEmpty();
        assertThat(mutating).as("mutating operations without a 401").filteredOn(op -> !op.declares("401")).isEmpty();
    }

    @Test
    void readOperationsNeedNoToken() {
        assertThat(operations).as("reads documented as needing a token").filteredOn(op -> !op.mutating())
                .filteredOn(op -> op.spec().has("security") || op.declares("401")).isEmpty();
    }

    @Test
    void bearerSchemeIsWhatAuthorizeAsksFor() {
        JsonNode scheme = document.path("components").path("securitySchemes").path(OpenApiConfiguration.BEARER);

        assertThat(scheme.path("type").asString()).isEqualTo("http");
        assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
    }

    @Test
    void everyOperationDocumentsItsSuccessResponse() {
        assertThat(operations).as("operations without a 2xx response")
                .filteredOn(op -> op.statuses().stream().noneMatch(status -> status.startsWith("2"))).isEmpty();
    }

    @Test
    void everyOperationTakingInputDocumentsBadRequest() {
        assertThat(operations).as("operations taking input without a 400")
                .filteredOn(DocumentedOperation::takesInput).filteredOn(op -> !op.declares("400")).isEmpty();
    }

    @Test
    void everyOperationOnANamedResourceDocumentsNotFound() {
        assertThat(operations).as("operations on a path-named resource without a 404")
                .filteredOn(op -> op.path().contains("{")).filteredOn(op -> !op.declares("404")).isEmpty();
    }

    @Test
    void everyErrorResponseIsAProblemDetail() {
        assertThat(errorResponses()).as("error responses that are not problem details")
                .filteredOn(error -> !isProblemDetail(error.spec().path("content"))).isEmpty();
    }

    @Test
    void everyErrorResponseShowsAnExampleWithItsOwnStatus() {
        assertThat(errorResponses()).as("error responses without an example of their status").filteredOn(error -> {
            JsonNode problem = error.spec().path("content").path("application/problem+json");
            List<JsonNode> examples = problem.has("example") ? List.of(problem.path("example"))
                    : problem.path("examples").valueStream().map(example -> example.path("value")).toList();
            return examples.isEmpty()
                    || examples.stream().anyMatch(example -> !example.path("status").asString().equals(error.status()));
        }).isEmpty();
    }

    @Test
    void problemDetailSchemaNamesTheStandardAndTheExtensionMembers() {
        JsonNode problem = document.path("components").path("schemas").path(OpenApiConventions.PROBLEM_SCHEMA);

        assertThat(problem.path("properties").propertyNames())
                .containsExactlyInAnyOrder("type", "title", "status", "detail", "instance", "errors", "reason",
                        "alternatives", "errorId");
    }

    @Test
    void everyOperationDocumentsTheInternalServerErrorWithItsErrorId() {
        assertThat(operations).as("operations without a 500 showing its error id").filteredOn(op -> {
            JsonNode example = op.spec().path("responses").path("500").path("content")
                    .path("application/problem+json").path("example");
            return !example.path("type").asString().equals("urn:overlay:problem:internal-server-error")
                    || !example.path("detail").asString().contains(example.path("errorId").asString());
        }).isEmpty();
    }

    @Test
    void operationsTakingABodyShowAnUnreadableBodyAmongTheir400Examples() {
        List<DocumentedOperation> withBody = operations.stream().filter(op -> op.spec().has("requestBody")).toList();

        assertThat(withBody).as("operations with a body whose 400 has no unreadable-body example").filteredOn(op ->
                op.spec().path("responses").path("400").path("content").path("application/problem+json")
                        .path("examples").valueStream().noneMatch(example -> example.path("value").path("type")
                                .asString().equals("urn:overlay:problem:unreadable-body"))).isEmpty();
    }

    @Test
    void unauthorizedExampleIsWhatTheNodeAnswers() {
        JsonNode example = operation("POST /api/v1/peers").spec().path("responses").path("401").path("content")
                .path("application/problem+json").path("example");

        JsonNode answer = node.post("/api/v1/peers", "{\"endpoint\":\"127.0.0.1:1\"}", null).json();

        for (String member : List.of("type", "title", "status", "detail")) {
            assertThat(example.path(member)).as(member).isEqualTo(answer.path(member));
        }
    }

    @Test
    void eventStreamsDocumentTheDataOfTheirEvents() {
        assertThat(successSchema("GET /api/v1/messages/stream", "text/event-stream")).endsWith("/MessageView");
        assertThat(successSchema("GET /api/v1/events", "text/event-stream")).endsWith("/OverlayEvent");
    }

    @Test
    void squelchAndDiscoveryReportsEachHaveTheirOwnCounters() {
        JsonNode schemas = document.path("components").path("schemas");
        String squelch = schemas.path("SquelchReport").path("properties").path("counters").path("$ref").asString();
        String discovery = schemas.path("DiscoveryReport").path("properties").path("counters").path("$ref").asString();

        assertThat(squelch).isNotEqualTo(discovery);
        assertThat(schemas.path(schemaName(squelch)).path("properties").has("squelchesSent")).isTrue();
        assertThat(schemas.path(schemaName(discovery)).path("properties").has("gossipReceived")).isTrue();
    }

    @Test
    void swaggerUiIsServed() {
        assertThat(node.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    private static List<DocumentedError> errorResponses() {
        return operations.stream().flatMap(op -> op.spec().path("responses").properties().stream()
                .filter(response -> !response.getKey().startsWith("2"))
                .map(response -> new DocumentedError(op, response.getKey(), response.getValue()))).toList();
    }

    private static boolean isProblemDetail(JsonNode content) {
        return Set.copyOf(content.propertyNames()).equals(Set.of("application/problem+json"))
                && content.path("application/problem+json").path("schema").path("$ref").asString()
                        .equals("#/components/schemas/" + OpenApiConventions.PROBLEM_SCHEMA);
    }

    private static String successSchema(String operation, String mediaType) {
        return operation(operation).spec().path("responses").path("200").path("content").path(mediaType)
                .path("schema").path("$ref").asString();
    }

    private static DocumentedOperation operation(String name) {
        return operations.stream().filter(op -> op.toString().equals(name)).findFirst().orElseThrow();
    }

    private static String schemaName(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    /** One operation of the document; failure messages name it as, say, {@code POST /api/v1/peers}. */
    record DocumentedOperation(String method, String path, JsonNode spec) {

        private static final Set<String> HTTP_METHODS =
                Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

        static List<DocumentedOperation> all(JsonNode document) {
            List<DocumentedOperation> all = new ArrayList<>();
            for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
                path.getValue().properties().stream().filter(entry -> HTTP_METHODS.contains(entry.getKey()))
                        .forEach(entry -> all.add(new DocumentedOperation(entry.getKey().toUpperCase(Locale.ROOT),
                                path.getKey(), entry.getValue())));
            }
            return all;
        }

        boolean mutating() {
            return !Set.of("GET", "HEAD", "OPTIONS").contains(method);
        }

        boolean takesInput() {
            return spec.has("requestBody") || !spec.path("parameters").isEmpty();
        }

        Set<String> statuses() {
            return Set.copyOf(spec.path("responses").propertyNames());
        }

        boolean declares(String status) {
            return statuses().contains(status);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** One error response of an operation, named as, say, {@code POST /api/v1/peers 401}. */
    record DocumentedError(DocumentedOperation operation, String status, JsonNode spec) {

        @Override
        public String toString() {
            return operation + " " + status;
        }
    }
}
