package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The discovery API: the report, and fixed and reserved peers changed at runtime. */
class DiscoveryApiTest {

    @RegisterExtension
    static final RunningNodes nodes = new RunningNodes();

    private static RunningNode node;
    private static RunningNode other;

    @BeforeAll
    static void startNodes() {
        node = nodes.start("node", "--overlay.max-peers=5");
        other = nodes.start("other");
    }

    @Test
    void reportShowsSlotsAndTheAddressBook() {
        JsonNode report = node.get("/api/v1/discovery?limit=10").json();

        assertThat(report.path("slots").path("maxPeers").asInt()).isEqualTo(5);
        assertThat(report.path("slots").has("inbound")).isTrue();
        assertThat(report.path("addressBook").path("limit").asInt()).isEqualTo(10);
        assertThat(report.path("livecache").isArray()).isTrue();
        assertThat(report.path("counters").has("gossipReceived")).isTrue();
    }

    @Test
    void fixedPeerAddedThroughTheApiIsConnectedAndRecordedInTheAddressBook() {
        RunningNode.Response added = node.post("/api/v1/discovery/fixed-peers",
                "{\"endpoint\":\"" + other.peerEndpoint() + "\"}");

        assertThat(added.status()).isEqualTo(201);
        await().untilAsserted(() -> {
            JsonNode report = node.get("/api/v1/discovery").json();
            assertThat(report.path("fixedPeers")).anySatisfy(fixed -> {
                assertThat(fixed.path("endpoint").asString()).isEqualTo(other.peerEndpoint());
                assertThat(fixed.path("connected").asBoolean()).isTrue();
                assertThat(fixed.path("nodeId").asString()).isEqualTo(other.nodeId());
            });
            assertThat(report.path("addressBook").path("entries")).anySatisfy(entry ->
                    assertThat(entry.path("nodeId").asString()).isEqualTo(other.nodeId()));
        });

        assertThat(node.delete("/api/v1/discovery/fixed-peers/" + other.peerEndpoint()).status()).isEqualTo(204);
        assertThat(node.delete("/api/v1/discovery/fixed-peers/" + other.peerEndpoint()).status()).isEqualTo(404);
    }

    @Test
    void reservedPeerIsListedUntilRemoved() {
        String id = "ab".repeat(32);

        assertThat(node.post("/api/v1/discovery/reserved-peers", "{\"nodeId\":\"" + id + "\"}").status())
                .isEqualTo(201);
        assertThat(node.get("/api/v1/discovery").json().path("reservedPeers"))
                .anySatisfy(r -> assertThat(r.path("nodeId").asString()).isEqualTo(id));
        assertThat(node.delete("/api/v1/discovery/reserved-peers/" + id).status()).isEqualTo(204);
        assertThat(node.delete("/api/v1/discovery/reserved-peers/" + id).status()).isEqualTo(404);
    }

    @Test
    void changesNeedTheTokenAndValidInput() {
        assertThat(node.post("/api/v1/discovery/fixed-peers", "{\"endpoint\":\"127.0.0.1:1\"}", null).status())
                .isEqualTo(401);
        assertThat(node.post("/api/v1/discovery/fixed-peers", "{\"endpoint\":\"nonsense\"}").status())
                .isEqualTo(400);
        assertThat(node.post("/api/v1/discovery/reserved-peers", "{\"nodeId\":\"xyz\"}").status()).isEqualTo(400);
        assertThat(node.get("/api/v1/discovery?limit=0").status()).isEqualTo(400);
    }
}
