package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/v1/neighbourhood} on a line of three nodes: first - middle - last. */
class NeighbourhoodApiTest {

    @RegisterExtension
    static final RunningNodes nodes = new RunningNodes();

    private static RunningNode first;
    private static RunningNode middle;
    private static RunningNode last;

    @BeforeAll
    static void connectALine() {
        first = nodes.start("first");
        middle = nodes.start("middle");
        last = nodes.start("last");
        assertThat(first.connectTo(middle).status()).isEqualTo(201);
        assertThat(middle.connectTo(last).status()).isEqualTo(201);
    }

    @Test
    void listsEachPeerWithThePeersItsCrawlReports() {
        JsonNode view = first.get("/api/v1/neighbourhood").json();

        assertThat(view.path("nodeId").asString()).isEqualTo(first.nodeId());
        assertThat(view.path("peers")).hasSize(1);
        JsonNode neighbour = view.path("peers").get(0);
        assertThat(neighbour.path("nodeId").asString()).isEqualTo(middle.nodeId());
        assertThat(neighbour.path("endpoint").asString()).isEqualTo(middle.peerEndpoint());
        assertThat(neighbour.path("crawlError").isNull()).isTrue();
        assertThat(neighbour.path("peers").valueStream().map(p -> p.path("nodeId").asString()))
                .containsExactlyInAnyOrder(first.nodeId(), last.nodeId());
    }

    @Test
    void anInboundPeerIsCrawledAtTheEndpointItListensOn() {
        JsonNode neighbour = last.get("/api/v1/neighbourhood").json().path("peers").get(0);

        assertThat(neighbour.path("nodeId").asString()).isEqualTo(middle.nodeId());
        assertThat(neighbour.path("direction").asString()).isEqualTo("inbound");
        assertThat(neighbour.path("endpoint").asString()).isEqualTo(middle.peerEndpoint());
        assertThat(neighbour.path("peers").valueStream().map(p -> p.path("nodeId").asString()))
                .containsExactlyInAnyOrder(first.nodeId(), last.nodeId());
    }

    @Test
    void theCrawlIsReusedRatherThanRepeatedForEveryCaller() {
        String firstAnswer = middle.get("/api/v1/neighbourhood").json().path("crawledAt").asString();

        assertThat(middle.get("/api/v1/neighbourhood").json().path("crawledAt").asString()).isEqualTo(firstAnswer);
    }
}
