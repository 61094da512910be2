package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The overlay actuator report and the Prometheus meters of two connected nodes. */
class MonitoringTest {

    @RegisterExtension
    static final RunningNodes nodes = new RunningNodes();

    private static RunningNode one;
    private static RunningNode two;

    @BeforeAll
    static void connectTwoNodes() {
        one = nodes.start("one");
        two = nodes.start("two");
        assertThat(one.connectTo(two).status()).isEqualTo(201);
    }

    @Test
    void overlayEndpointReportsNodeSlotsPeersRelayAndResources() {
        await().untilAsserted(() -> {
            JsonNode report = one.get("/actuator/overlay").json();
            assertThat(report.path("node").path("nodeId").asString()).isEqualTo(one.nodeId());
            assertThat(report.path("slots").path("outbound").asInt()).isEqualTo(1);
            assertThat(report.path("peers").get(0).path("nodeId").asString()).isEqualTo(two.nodeId());
            assertThat(report.path("peers").get(0).path("latencyMillis").isNumber()).isTrue();
            assertThat(report.path("relay").has("duplicates")).isTrue();
            assertThat(report.path("resources").has("bansActive")).isTrue();
        });
    }

    @Test
    void prometheusExportsTrafficPeersHandshakesAndLatencyWithBoundedTags() {
        await().untilAsserted(() -> {
            String metrics = one.get("/actuator/prometheus").body();
            assertThat(metrics).contains("overlay_traffic_messages_total{category=\"ping\",direction=\"out\"")
                    .contains("overlay_peers{direction=\"outbound\",state=\"active\"} 1.0")
                    .contains("overlay_handshakes_total{outcome=\"accepted\"}")
                    .contains("overlay_peer_latency_seconds_bucket")
                    .contains("overlay_disconnects_total{reason=\"admin\"}")
                    .doesNotContain(two.nodeId());
        });
    }

    @Test
    void prometheusCountsTheHandshakeAsItsOwnTrafficCategory() {
        String metrics = one.get("/actuator/prometheus").body();

        assertThat(metrics).containsPattern(
                        "overlay_traffic_bytes_total\\{category=\"handshake\",direction=\"in\",?} [1-9][0-9]*\\.0")
                .containsPattern(
                        "overlay_traffic_bytes_total\\{category=\"handshake\",direction=\"out\",?} [1-9][0-9]*\\.0")
                .contains("overlay_traffic_messages_total{category=\"handshake\",direction=\"in\"} 1.0")
                .contains("overlay_traffic_messages_total{category=\"handshake\",direction=\"out\"} 1.0");
    }
}
