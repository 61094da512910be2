package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Publishing, listing and streaming messages through the REST API of two connected nodes. */
class MessagesApiTest {

    @RegisterExtension
    static final RunningNodes nodes = new RunningNodes();

    private static RunningNode publisher;
    private static RunningNode subscriber;

    @BeforeAll
    static void connectTwoNodes() {
        publisher = nodes.start("publisher");
        subscriber = nodes.start("subscriber");
        assertThat(subscriber.connectTo(publisher).status()).isEqualTo(201);
        // The 201 means the subscriber, which dialled, is active; the publisher may still be finishing
        // its side of the upgrade, and until it has, what it publishes reaches no peer.
        await().until(() -> publisher.engine().registry().isActive(subscriber.engine().nodeId()));
    }

    private static String publishBody(String topic, String text) {
        String payload = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        return "{\"topic\":\"" + topic + "\",\"payload\":\"" + payload + "\"}";
    }

    @Test
    void publishedMessageIsListedAtTheOtherNodeWithItsOriginAndSender() {
        RunningNode.Response published = publisher.post("/api/v1/messages", publishBody("news", "hello mesh"));

        assertThat(published.status()).isEqualTo(201);
        String id = published.json().path("id").asString();
        assertThat(id).hasSize(64);
        await().untilAsserted(() -> {
            JsonNode messages = subscriber.get("/api/v1/messages?topic=news&limit=10").json();
            assertThat(messages).anySatisfy(m -> {
                assertThat(m.path("id").asString()).isEqualTo(id);
                assertThat(m.path("origin").asString()).isEqualTo(publisher.nodeId());
                assertThat(m.path("fromPeer").asString()).isEqualTo(publisher.nodeId());
                assertThat(new String(Base64.getDecoder().decode(m.path("payload").asString()))).isEqualTo("hello mesh");
            });
        });
        JsonNode own = publisher.get("/api/v1/messages?topic=news&limit=1").json().get(0);
        assertThat(own.path("id").asString()).isEqualTo(id);
        assertThat(own.path("fromPeer").isNull()).isTrue();
    }

    @Test
    void streamDeliversEachMessageOfItsTopicOnceToARealSseClient() throws Exception {
        List<String> dataLines = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(subscriber.baseUri() + "/api/v1/messages/stream?topic=live"))
                        .header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> stream.body().filter(l -> l.startsWith("data:")).forEach(dataLines::add));
        reader.setDaemon(true);
        reader.start();

        String first = publisher.post("/api/v1/messages", publishBody("live", "one")).json().path("id").asString();
        publisher.post("/api/v1/messages", publishBody("elsewhere", "not for this stream"));
        String second = publisher.post("/api/v1/messages", publishBody("live", "two")).json().path("id").asString();

        await().atMost(Duration.ofSeconds(10)).until(() -> dataLines.size() >= 2);
        assertThat(dataLines).hasSize(2);
        assertThat(dataLines.get(0)).contains(first);
        assertThat(dataLines.get(1)).contains(second);
        stream.body().close();
    }

    @Test
    void publishWithoutTokenIsUnauthorized() {
        assertThat(publisher.post("/api/v1/messages", publishBody("news", "x"), null).status()).isEqualTo(401);
    }

    @Test
    void invalidTopicIsABadRequestNamingTheField() {
        RunningNode.Response response = publisher.post("/api/v1/messages", publishBody("no spaces allowed", "x"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("detail").asString()).startsWith("topic:");
    }

    @Test
    void payloadThatIsNotBase64IsABadRequest() {
        RunningNode.Response response = publisher.post("/api/v1/messages", "{\"topic\":\"news\",\"payload\":\"***\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("detail").asString()).contains("base64");
    }

    @Test
    void oversizedPayloadIsABadRequest() {
        String big = "x".repeat(70 * 1024);

        RunningNode.Response response = publisher.post("/api/v1/messages", publishBody("news", big));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("detail").asString()).contains("exceeds the limit");
    }

    @Test
    void limitOutOfRangeIsABadRequest() {
        assertThat(subscriber.get("/api/v1/messages?limit=0").status()).isEqualTo(400);
    }

    @Test
    void squelchReportAndRelayCountersAreExposed() {
        publisher.post("/api/v1/messages", publishBody("metrics", "count me"));

        JsonNode report = subscriber.get("/api/v1/squelch").json();
        assertThat(report.path("enabled").asBoolean()).isTrue();
        assertThat(report.path("selectedPeers").asInt()).isEqualTo(3);
        await().untilAsserted(() -> assertThat(subscriber.get("/actuator/metrics/overlay.relay.delivered").json()
                .path("measurements").get(0).path("value").asDouble()).isPositive());
        assertThat(subscriber.get("/actuator/metrics/overlay.squelch.sent").status()).isEqualTo(200);
        assertThat(subscriber.get("/actuator/prometheus").body()).contains("overlay_relay_received_total");
    }
}
