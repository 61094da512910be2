package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Three full nodes over loopback TLS, operated only through their REST APIs. */
class ThreeNodeNetworkTest {

    @TempDir
    Path dataRoot;

    private RunningNode one;
    private RunningNode two;
    private RunningNode three;

    @BeforeEach
    void startNodes() {
        one = RunningNode.start(dataRoot.resolve("one"));
        two = RunningNode.start(dataRoot.resolve("two"));
        three = RunningNode.start(dataRoot.resolve("three"));
    }

    @AfterEach
    void stopNodes() {
        for (RunningNode node : List.of(one, two, three)) {
            node.close();
        }
    }

    private static JsonNode activePeer(RunningNode node, RunningNode other) {
        RunningNode.Response response = node.get("/api/v1/peers/" + other.nodeId());
        assertThat(response.status()).isEqualTo(200);
        JsonNode peer = response.json();
        assertThat(peer.path("state").asString()).isEqualTo("ACTIVE");
        return peer;
    }

    private static List<String> peerIds(RunningNode node) {
        List<String> ids = new ArrayList<>();
        node.get("/api/v1/peers").json().forEach(p -> ids.add(p.path("nodeId").asString()));
        return ids;
    }

    @Test
    void nodesConnectedThroughTheApiSeeEachOtherActiveWithMatchingIds() {
        RunningNode.Response created = one.connectTo(two);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("nodeId").asString()).isEqualTo(two.nodeId());
        assertThat(created.json().path("state").asString()).isEqualTo("ACTIVE");
        assertThat(created.json().path("direction").asString()).isEqualTo("OUTBOUND");
        assertThat(created.json().path("protocol").asString()).isEqualTo("OVL/1.0");
        assertThat(one.connectTo(three).status()).isEqualTo(201);
        assertThat(two.connectTo(three).status()).isEqualTo(201);

        await().untilAsserted(() -> {
            assertThat(peerIds(one)).containsExactlyInAnyOrder(two.nodeId(), three.nodeId());
            assertThat(peerIds(two)).containsExactlyInAnyOrder(one.nodeId(), three.nodeId());
            assertThat(peerIds(three)).containsExactlyInAnyOrder(one.nodeId(), two.nodeId());
            // The list shows connections still handshaking too; the listening side activates last.
            assertThat(activePeer(two, one).path("direction").asString()).isEqualTo("INBOUND");
            assertThat(activePeer(three, two).path("listeningEndpoint").asString()).isEqualTo(two.peerEndpoint());
        });
        JsonNode node = one.get("/api/v1/node").json();
        assertThat(node.path("nodeId").asString()).isEqualTo(one.nodeId());
        assertThat(node.path("peers").path("active").asInt()).isEqualTo(2);
        assertThat(node.path("peers").path("outbound").asInt()).isEqualTo(2);
    }

    @Test
    void activePeersMeasureLatencyAndCountTraffic() {
        one.connectTo(two);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode peer = activePeer(one, two);
            assertThat(peer.path("latencyMillis").isNumber()).isTrue();
            assertThat(peer.path("latencyMillis").asDouble()).isPositive();
            assertThat(peer.path("messagesIn").asLong()).isPositive();
            assertThat(peer.path("bytesOut").asLong()).isPositive();
        });
        await().untilAsserted(() -> assertThat(activePeer(two, one).path("latencyMillis").isNumber()).isTrue());
    }

    @Test
    void deletingAPeerDisconnectsItOnBothSidesWithReasonAdmin() {
        one.connectTo(two);
        one.connectTo(three);
        await().untilAsserted(() -> {
            activePeer(two, one);
            activePeer(three, one);
        });

        RunningNode.Response deleted = one.delete("/api/v1/peers/" + two.nodeId());

        assertThat(deleted.status()).isEqualTo(204);
        await().untilAsserted(() -> {
            assertThat(peerIds(one)).containsExactly(three.nodeId());
            assertThat(peerIds(two)).isEmpty();
        });
        JsonNode closedOnOne = one.get("/api/v1/peers/closed").json().get(0);
        assertThat(closedOnOne.path("nodeId").asString()).isEqualTo(two.nodeId());
        assertThat(closedOnOne.path("reason").asString()).isEqualTo("ADMIN");
        assertThat(closedOnOne.path("closedBy").asString()).isEqualTo("LOCAL");
        JsonNode closedOnTwo = two.get("/api/v1/peers/closed").json().get(0);
        assertThat(closedOnTwo.path("reason").asString()).isEqualTo("ADMIN");
        assertThat(closedOnTwo.path("closedBy").asString()).isEqualTo("REMOTE");
        assertThat(one.get("/api/v1/peers/" + two.nodeId()).status()).isEqualTo(404);
        assertThat(activePeer(three, one).path("nodeId").asString()).isEqualTo(one.nodeId());
    }
}
