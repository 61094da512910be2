package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

/**
 * What the API answers when a request fails in a way no controller anticipates: an RFC 9457 problem
 * with this API's type, never the exception's own words.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiProblemsTest {

    @TempDir
    static Path dataDir;

    private static RunningNode node;

    @BeforeAll
    static void startNode() {
        node = RunningNode.startWith(new Class<?>[] {TestOnlyCalls.class}, dataDir);
    }

    @AfterAll
    static void stopNode() {
        node.close();
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

        @GetMapping("/api/v1/test/hung-up")
        String hungUp() throws IOException {
            throw new IOException("Broken pipe");
        }
    }

    @Test
    void anUnexpectedExceptionIsAGeneric500Problem() {
        RunningNode.Response response = node.get("/api/v1/test/bug");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("type").asString()).isEqualTo("urn:overlay:problem:internal-server-error");
        assertThat(problem.path("title").asString()).isEqualTo("Internal server error");
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

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().path("type").asString()).isEqualTo("urn:overlay:problem:internal-server-error");
        assertThat(response.body()).doesNotContain(TestOnlyCalls.SECRET);
    }

    @Test
    void anExceptionThatIsSpringsOwnAnswerKeepsItsStatusAndIsNoError(CapturedOutput output) {
        RunningNode.Response response = node.get("/api/v1/test/gone");

        assertThat(response.status()).isEqualTo(410);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().path("detail").asString()).isEqualTo("this call was retired");
        assertThat(output.getAll()).doesNotContain(" ERROR ");
    }

    @Test
    void aClientThatHungUpIsNoErrorOfTheNode(CapturedOutput output) {
        node.get("/api/v1/test/hung-up");

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> !output.getAll().contains(" ERROR "));
    }
}
