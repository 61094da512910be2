package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/v1/node} names the bound address and the advertised endpoint apart. */
class AdvertisedEndpointApiTest {

    @TempDir
    Path dataDir;

    @Test
    void nodeViewShowsTheBoundAddressAndTheAdvertisedEndpoint() {
        try (RunningNode node = RunningNode.start(dataDir, "--overlay.advertised-endpoint=203.0.113.5:61235")) {
            JsonNode view = node.get("/api/v1/node").json();

            assertThat(view.path("peerEndpoint").asString()).isEqualTo(node.peerEndpoint());
            assertThat(view.path("advertisedEndpoint").asString()).isEqualTo("203.0.113.5:61235");
        }
    }

    @Test
    void withoutTheSettingNoEndpointIsAdvertised() {
        try (RunningNode node = RunningNode.start(dataDir)) {
            JsonNode view = node.get("/api/v1/node").json();

            assertThat(view.path("peerEndpoint").asString()).isEqualTo(node.peerEndpoint());
            assertThat(view.path("advertisedEndpoint").isNull()).isTrue();
        }
    }

    @Test
    void anAdvertisedNameStopsStartUpSayingPeersOnlyTakeAddresses() {
        assertThatThrownBy(() -> RunningNode.start(dataDir, "--overlay.advertised-endpoint=node.example.org:51235"))
                .hasStackTraceContaining(
                        "overlay.advertised-endpoint: 'node.example.org:51235' must be an IP address");
    }

    @Test
    void anAdvertisedEndpointWithoutAPortStopsStartUpNamingTheProperty() {
        assertThatThrownBy(() -> RunningNode.start(dataDir, "--overlay.advertised-endpoint=203.0.113.5"))
                .hasStackTraceContaining("overlay.advertised-endpoint:");
    }
}
