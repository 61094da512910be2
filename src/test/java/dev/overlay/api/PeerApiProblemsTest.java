package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** What the peers API answers when a call cannot be carried out: RFC 9457 problem details. */
class PeerApiProblemsTest {

    @RegisterExtension
    static final RunningNodes nodes = new RunningNodes();

    private static RunningNode node;
    private static RunningNode foreign;
    private static RunningNode full;
    private static RunningNode latecomer;

    @BeforeAll
    static void startNodes() {
        node = nodes.start("node");
        foreign = nodes.start("foreign", "--overlay.network-id=elsewhere");
        full = nodes.start("full", "--overlay.max-peers=1");
        latecomer = nodes.start("latecomer");
    }

    @Test
    void mutatingCallWithoutTokenIsUnauthorized() {
        RunningNode.Response response = node.post("/api/v1/peers", "{\"endpoint\":\"127.0.0.1:1\"}", null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().path("title").asString()).isEqualTo("Unauthorized");
    }

    @Test
    void wrongTokenIsUnauthorized() {
        RunningNode.Response response = node.post("/api/v1/peers", "{\"endpoint\":\"127.0.0.1:1\"}", "guess");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void badEndpointSyntaxIsABadRequest() {
        RunningNode.Response response = node.post("/api/v1/peers", "{\"endpoint\":\"no-port-here\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().path("detail").asString()).contains("host:port");
    }

    @Test
    void missingEndpointIsABadRequestNamingTheField() {
        RunningNode.Response response = node.post("/api/v1/peers", "{}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("endpoint");
    }

    @Test
    void malformedNodeIdIsABadRequest() {
        RunningNode.Response response = node.get("/api/v1/peers/not-a-node-id");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("detail").asString()).contains("64 lowercase hex");
    }

    @Test
    void unknownNodeIdIsNotFound() {
        RunningNode.Response response = node.get("/api/v1/peers/" + "0".repeat(64));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("title").asString()).isEqualTo("Peer not found");
    }

    @Test
    void handshakeRejectionIsReportedWithItsReason() {
        RunningNode.Response response = node.connectTo(foreign);

        assertThat(response.status()).isEqualTo(502);
        JsonNode problem = response.json();
        assertThat(problem.path("reason").asString()).isEqualTo("network-id-mismatch");
        assertThat(problem.path("title").asString()).isEqualTo("Handshake failed: network id mismatch");
        assertThat(problem.path("detail").asString()).contains("network id mismatch").contains("elsewhere");
    }

    @Test
    void unreachableEndpointIsReportedAsConnectFailed() {
        RunningNode.Response response = node.post("/api/v1/peers", "{\"endpoint\":\"127.0.0.1:1\"}");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.json().path("reason").asString()).isEqualTo("connect-failed");
    }

    @Test
    void fullNodeIsReportedAsSlotsFullWithItsAlternatives() {
        assertThat(node.connectTo(full).status()).isEqualTo(201);
        // A full node offers its active peers as alternatives; the dialler is active before it is.
        await().until(() -> full.engine().registry().isActive(node.engine().nodeId()));

        RunningNode.Response response = latecomer.connectTo(full);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().path("reason").asString()).isEqualTo("slots-full");
        assertThat(response.json().path("alternatives").get(0).asString()).isEqualTo(node.peerEndpoint());
    }

    @Test
    void disconnectingAnUnknownPeerIsNotFound() {
        RunningNode.Response response = node.delete("/api/v1/peers/" + "ab".repeat(32));

        assertThat(response.status()).isEqualTo(404);
    }
}
