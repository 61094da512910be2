package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

/**
 * What the API answers to requests that no controller method gets to refuse (a wrong method, media
 * type, path or body, a missing or mistyped parameter) and to failures no one anticipated: an RFC 9457
 * problem with this API's type, a detail saying what to fix, and never an exception's own words.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiProblemsTest {

    @RegisterExtension
    static final RunningNodes nodes = new RunningNodes();

    private static RunningNode node;

    @BeforeAll
    static void startNode() {
        node = nodes.startWith(new Class<?>[] {TestOnlyCalls.class}, "node");
    }


    /** Calls only this test's node has: the API has no natural way to hit a bug. */
    @RestController
    static class TestOnlyCalls {

        static final String SECRET = "internal state the caller must never see";

        @GetMapping("/api/v1/test/bug")
        String bug() {
            throw new IllegalStateException(SECRET);
        }

        @GetMapping("/api/v1/test/async-bug")
        CompletableFuture<String> asyncBug() {
            return CompletableFuture.supplyAsync(() -> {
                throw new IllegalStateException(SECRET);
            });
        }

        @GetMapping("/api/v1/test/gone")
        String gone() {
            throw new ResponseStatusException(HttpStatus.GONE, "this call was retired");
        }

        @GetMapping("/api/v1/test/echo")
        String echo(@RequestParam String text) {
            return text;
        }

        @GetMapping("/api/v1/test/hung-up")
        String hungUp() throws IOException {
            throw new IOException("Broken pipe");
        }
    }

    @Test
    void aMethodThePathDoesNotTakeIs405NamingTheOnesItTakes() {
        JsonNode problem = expectProblem(node.delete("/api/v1/node"), 405, "method-not-allowed",
                "Method not allowed");

        assertThat(problem.path("detail").asString()).isEqualTo("DELETE /api/v1/node is not supported; it takes GET.");
    }

    @Test
    void aBodyOfAnotherMediaTypeIs415NamingJson() {
        RunningNode.Response response = RunningNode.send(node.request("/api/v1/peers")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("127.0.0.1:1")));

        JsonNode problem = expectProblem(response, 415, "unsupported-media-type", "Unsupported media type");
        assertThat(problem.path("detail").asString()).startsWith("Content-Type text/plain is not supported;"
                + " this call takes application/json");
    }

    @Test
    void anAcceptHeaderTheCallCannotSatisfyIs406NamingWhatItAnswers() {
        RunningNode.Response response = RunningNode.send(node.request("/api/v1/events")
                .header("Accept", "application/json").GET());

        JsonNode problem = expectProblem(response, 406, "not-acceptable", "Not acceptable");
        assertThat(problem.path("detail").asString())
                .isEqualTo("The Accept header allows none of what this call answers in: text/event-stream.");
    }

    @Test
    void anUnknownPathUnderTheApiIs404UnknownPath() {
        JsonNode problem = expectProblem(node.get("/api/v1/nodes"), 404, "unknown-path", "Unknown path");

        assertThat(problem.path("detail").asString()).isEqualTo("Nothing on this node answers GET /api/v1/nodes.");
    }

    @Test
    void malformedJsonIsAnUnreadableBodyWithWhereItBreaks() {
        RunningNode.Response response = node.post("/api/v1/peers", "{\"endpoint\": 127.0.0.1:1}");

        assertThat(unreadableBodyDetail(response)).isEqualTo("The body is not valid JSON (line 1, column 19).");
    }

    @Test
    void anUnreadableBodyIsNotEchoedBack() {
        String junk = "not json ".repeat(10_000);

        RunningNode.Response response = node.post("/api/v1/peers", junk);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("not json").hasSizeLessThan(500);
    }

    @Test
    void aMissingBodyIsAnUnreadableBody() {
        RunningNode.Response response = node.post("/api/v1/peers", "");

        assertThat(unreadableBodyDetail(response)).isEqualTo("The request has no body; this call takes a JSON object.");
    }

    @Test
    void aBodyThatIsNotAnObjectIsAnUnreadableBody() {
        RunningNode.Response response = node.post("/api/v1/peers", "[\"127.0.0.1:1\"]");

        assertThat(unreadableBodyDetail(response)).isEqualTo("The body must be an object.");
    }

    @Test
    void aBodyFieldOfTheWrongTypeIsInvalidInputNamingTheField() {
        RunningNode.Response response = node.post("/api/v1/resources/bans",
                "{\"address\": \"203.0.113.7\", \"durationSeconds\": \"an hour\"}");

        assertThat(invalidInputDetail(response)).isEqualTo("durationSeconds: expected an integer");
        assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo("durationSeconds");
        assertThat(response.body()).doesNotContain("an hour");
    }

    @Test
    void aQueryParameterOfTheWrongTypeIsInvalidInputNamingIt() {
        RunningNode.Response response = node.get("/api/v1/messages?limit=ten");

        assertThat(invalidInputDetail(response)).isEqualTo("limit: expected an integer");
    }

    @Test
    void aQueryParameterOutOfRangeIsInvalidInputNamingTheRule() {
        RunningNode.Response response = node.get("/api/v1/messages?limit=0");

        assertThat(invalidInputDetail(response)).isEqualTo("limit: must be greater than or equal to 1");
    }

    @Test
    void aMissingRequiredParameterIsInvalidInputNamingIt() {
        RunningNode.Response response = node.get("/api/v1/test/echo");

        assertThat(invalidInputDetail(response)).isEqualTo("text: required");
    }

    @Test
    void aMutatingCallWithoutTheTokenIs401WithTheApiType() {
        RunningNode.Response response = node.post("/api/v1/peers", "{\"endpoint\": \"127.0.0.1:1\"}", null);

        JsonNode problem = expectProblem(response, 401, "unauthorized", "Unauthorized");
        assertThat(problem.path("detail").asString())
                .isEqualTo("This call changes the node: send 'Authorization: Bearer <api token>'.");
        assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/peers");
    }

    @Test
    void aUrlTheFirewallRefusesIs400RequestRejected() {
        JsonNode problem = expectProblem(node.get("/api/v1/node;jsessionid=1"), 400, "request-rejected",
                "Request rejected");

        assertThat(problem.path("detail").asString()).startsWith("The URL or a header holds something this node"
                + " refuses to route");
    }

    @Test
    void anUnexpectedExceptionIsAGeneric500Problem() {
        JsonNode problem = expectProblem(node.get("/api/v1/test/bug"), 500, "internal-server-error",
                "Internal server error");

        assertThat(problem.path("detail").asString()).isEqualTo("The node failed to carry out this request."
                + " Its log has the cause under error id " + problem.path("errorId").asString() + ".");
        assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/test/bug");
    }

    @Test
    void a500NeverShowsTheExceptionOrItsStackTrace() {
        String body = node.get("/api/v1/test/bug").body();

        assertThat(body).doesNotContain(TestOnlyCalls.SECRET).doesNotContain("IllegalStateException")
                .doesNotContain("dev.overlay").doesNotContain("trace");
    }

    @Test
    void a500IsLoggedAtErrorWithItsErrorIdAndStackTrace(CapturedOutput output) {
        String errorId = node.get("/api/v1/test/bug").json().path("errorId").asString();

        assertThat(errorId).matches("[0-9a-f]{8}");
        assertThat(output.getAll()).containsPattern(" ERROR .* Error " + errorId + ": GET /api/v1/test/bug failed")
                .contains("java.lang.IllegalStateException: " + TestOnlyCalls.SECRET)
                .contains("at dev.overlay.api.ApiProblemsTest$TestOnlyCalls.bug(");
    }

    @Test
    void eachFailureHasItsOwnErrorId() {
        String first = node.get("/api/v1/test/bug").json().path("errorId").asString();
        String second = node.get("/api/v1/test/bug").json().path("errorId").asString();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void aFailedFutureIsAGeneric500ProblemToo() {
        RunningNode.Response response = node.get("/api/v1/test/async-bug");

        expectProblem(response, 500, "internal-server-error", "Internal server error");
        assertThat(response.body()).doesNotContain(TestOnlyCalls.SECRET);
    }

    @Test
    void anExceptionThatIsSpringsOwnAnswerKeepsItsStatusAndIsNoError(CapturedOutput output) {
        RunningNode.Response response = node.get("/api/v1/test/gone");

        JsonNode problem = expectProblem(response, 410, "gone", "Gone");
        assertThat(problem.path("detail").asString()).isEqualTo("this call was retired");
        assertThat(output.getAll()).doesNotContain(" ERROR ");
    }

    @Test
    void aClientThatHungUpIsNoErrorOfTheNode(CapturedOutput output) {
        node.get("/api/v1/test/hung-up");

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> !output.getAll().contains(" ERROR "));
    }

    /** Checks what every problem has and returns it for the checks of its detail. */
    private static JsonNode expectProblem(RunningNode.Response response, int status, String type, String title) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asString()).isEqualTo("urn:overlay:problem:" + type);
        assertThat(problem.path("title").asString()).isEqualTo(title);
        return problem;
    }

    private static String invalidInputDetail(RunningNode.Response response) {
        return expectProblem(response, 400, "bad-request", "Invalid input").path("detail").asString();
    }

    private static String unreadableBodyDetail(RunningNode.Response response) {
        return expectProblem(response, 400, "unreadable-body", "Unreadable request body").path("detail").asString();
    }
}
