package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The message log through the API: listing and paging it, and resuming a stream from it. */
class MessageLogApiTest {

    @TempDir
    Path dataDir;

    private RunningNode node;

    @BeforeEach
    void startNode() {
        node = RunningNode.start(dataDir);
    }

    @AfterEach
    void stopNode() {
        node.close();
    }

    private String publish(String topic, String text) {
        String payload = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        RunningNode.Response response = node.post("/api/v1/messages",
                "{\"topic\":\"" + topic + "\",\"payload\":\"" + payload + "\"}");
        assertThat(response.status()).isEqualTo(201);
        return response.json().path("id").asString();
    }

    private List<String> publish(String topic, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(publish(topic, topic + " " + i));
        }
        return ids;
    }

    private static List<String> ids(JsonNode messages) {
        return StreamSupport.stream(messages.spliterator(), false).map(m -> m.path("id").asString()).toList();
    }

    @Test
    void aResumedStreamHasNoGapAndNoRepeat() {
        List<String> first = publish("resume", 3);
        List<String> read;
        try (SseClient client = SseClient.open(node, "/api/v1/messages/stream", Optional.empty())) {
            List<String> more = publish("resume", 4);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.messageIds().size() >= 4);
            read = client.messageIds();
            assertThat(read).containsExactlyElementsOf(more);
        }
        List<String> missed = publish("resume", 5);

        try (SseClient resumed = SseClient.open(node, "/api/v1/messages/stream",
                Optional.of(read.get(read.size() - 1)))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> resumed.messageIds().size() >= 5);
            String live = publish("resume", "live");
            await().atMost(Duration.ofSeconds(10)).until(() -> resumed.messageIds().size() >= 6);

            List<String> expected = new ArrayList<>(missed);
            expected.add(live);
            assertThat(resumed.messageIds()).containsExactlyElementsOf(expected);
            assertThat(resumed.messageIds()).doesNotContainAnyElementsOf(first);
        }
    }

    @Test
    void aResumeFromAnIdNotInTheLogSaysSoAndReplaysTheWholeLog() {
        List<String> logged = publish("reset", 3);
        String unknown = "ab".repeat(32);

        try (SseClient resumed = SseClient.open(node, "/api/v1/messages/stream", Optional.of(unknown))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> resumed.messageIds().size() >= 3);

            SseClient.Event reset = resumed.events().get(0);
            assertThat(reset.name()).isEqualTo("reset");
            assertThat(reset.data()).contains(unknown).contains("\"replayFrom\":\"" + logged.get(0) + "\"");
            assertThat(resumed.messageIds()).containsExactlyElementsOf(logged);
        }
    }

    @Test
    void aResumedStreamOfOneTopicReplaysOnlyThatTopic() {
        String start = publish("a", "start");
        publish("b", "other");
        String wanted = publish("a", "wanted");

        try (SseClient resumed = SseClient.open(node, "/api/v1/messages/stream?topic=a", Optional.of(start))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !resumed.messageIds().isEmpty());
            assertThat(resumed.messageIds()).containsExactly(wanted);
        }
    }

    @Test
    void pagesAfterAMessageInLogOrder() {
        List<String> ids = publish("page", 5);

        JsonNode page = node.get("/api/v1/messages?after=" + ids.get(1) + "&limit=2").json();

        assertThat(ids(page)).containsExactly(ids.get(2), ids.get(3));
    }

    @Test
    void listsWhatWasDeliveredSinceATimeInLogOrder() {
        publish("since", 2);
        Instant from = Instant.now();
        await().until(() -> Instant.now().isAfter(from.plusMillis(5)));
        List<String> later = publish("since", 3);

        JsonNode page = node.get("/api/v1/messages?since=" + from.plusMillis(1) + "&topic=since").json();

        assertThat(ids(page)).containsExactlyElementsOf(later);
    }

    @Test
    void pagingAfterAnIdNotInTheLogIsANotFoundProblem() {
        RunningNode.Response response = node.get("/api/v1/messages?after=" + "cd".repeat(32));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("type").asString()).endsWith("message-not-in-log");
        assertThat(response.json().path("detail").asString()).contains("since");
    }

    @Test
    void afterAndSinceTogetherAreABadRequest() {
        RunningNode.Response response = node.get("/api/v1/messages?after=" + "cd".repeat(32) + "&since="
                + Instant.now());

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void theListSurvivesARestart() {
        List<String> ids = publish("durable", 3);
        node.close();

        node = RunningNode.start(dataDir);

        assertThat(ids(node.get("/api/v1/messages?topic=durable").json())).containsExactlyInAnyOrderElementsOf(ids);
    }
}
