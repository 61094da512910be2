package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

/** Each event stream takes at most overlay.relay.max-stream-subscribers subscribers; more get a 503. */
class StreamLimitsApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final RunningNodes nodes = new RunningNodes();

    private static RunningNode node;

    @BeforeAll
    static void startNode() {
        node = nodes.start("node", "--overlay.relay.max-stream-subscribers=1");
    }

    private static HttpResponse<Stream<String>> subscribe(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUri() + path))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
    }

    @Test
    void aSubscriberBeyondTheCapGets503ProblemWithRetryAfter() throws Exception {
        HttpResponse<Stream<String>> first = subscribe("/api/v1/messages/stream");
        try {
            assertThat(first.statusCode()).isEqualTo(200);

            HttpResponse<Stream<String>> refused = subscribe("/api/v1/messages/stream");

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).contains("10");
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            var problem = JsonMapper.builder().build().readTree(String.join("\n", refused.body().toList()));
            assertThat(problem.path("type").asString()).isEqualTo("urn:overlay:problem:too-many-subscribers");
            assertThat(problem.path("detail").asString()).contains("/api/v1/messages/stream")
                    .contains("overlay.relay.max-stream-subscribers");
        } finally {
            first.body().close();
        }
    }

    @Test
    void eachStreamKindHasItsOwnCap() throws Exception {
        HttpResponse<Stream<String>> events = subscribe("/api/v1/events");
        try {
            assertThat(events.statusCode()).isEqualTo(200);
            assertThat(subscribe("/api/v1/events").statusCode()).isEqualTo(503);
        } finally {
            events.body().close();
        }
    }
}
