package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overlay.identity.NodeKeyFile;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Start-up, identity persistence and health of a single node. */
class NodeOperationsTest {

    @TempDir
    Path dataDir;

    @Test
    void nodeKeepsItsIdAcrossRestarts() {
        String firstId;
        try (RunningNode node = RunningNode.start(dataDir)) {
            firstId = node.get("/api/v1/node").json().path("nodeId").asString();
        }

        try (RunningNode restarted = RunningNode.start(dataDir)) {
            assertThat(restarted.get("/api/v1/node").json().path("nodeId").asString()).isEqualTo(firstId);
        }
    }

    @Test
    void keyFileIsReadableByItsOwnerOnly() throws Exception {
        try (RunningNode node = RunningNode.start(dataDir)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(NodeKeyFile.FILE_NAME))))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void corruptKeyFileStopsStartUpWithoutReplacingIt() throws Exception {
        Files.createDirectories(dataDir);
        Path keyFile = dataDir.resolve(NodeKeyFile.FILE_NAME);
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> RunningNode.start(dataDir))
                .hasStackTraceContaining(keyFile.toString())
                .hasStackTraceContaining("Refusing to start with a different identity");
        assertThat(Files.readString(keyFile)).contains("bm90IGEga2V5");
    }

    @Test
    void generatedApiTokenIsStoredOwnerOnlyAndReusedAfterRestart() throws Exception {
        try (RunningNode node = RunningNode.start(dataDir, "--overlay.api-token=")) {
            Path tokenFile = dataDir.resolve("api-token");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
            String token = Files.readString(tokenFile);
            assertThat(node.post("/api/v1/peers", "{\"endpoint\":\"127.0.0.1:1\"}", token).status()).isEqualTo(502);
        }
        String token = Files.readString(dataDir.resolve("api-token"));
        try (RunningNode restarted = RunningNode.start(dataDir, "--overlay.api-token=")) {
            assertThat(restarted.post("/api/v1/peers", "{\"endpoint\":\"127.0.0.1:1\"}", token).status()).isEqualTo(502);
        }
    }

    @Test
    void loneNodeIsHealthyWithTheOverlayComponentAndProbeGroups() {
        try (RunningNode node = RunningNode.start(dataDir)) {
            JsonNode health = node.getWithToken("/actuator/health").json();

            assertThat(health.path("status").asString()).isEqualTo("UP");
            assertThat(health.path("components").path("overlay").path("status").asString()).isEqualTo("UP");
            assertThat(health.path("components").path("overlay").path("details").path("listening").asBoolean()).isTrue();
            assertThat(health.path("components").path("overlay").path("details").has("disconnectsLast5Minutes"))
                    .isTrue();
            assertThat(node.getWithToken("/actuator/health/liveness").json().path("components")
                    .has("overlayEventLoops")).isTrue();
            assertThat(node.getWithToken("/actuator/health/readiness").json().path("components")
                    .has("overlayListener")).isTrue();
        }
    }

    @Test
    void anonymousHealthShowsTheStatusAndProbeGroupsWithoutDetails() {
        try (RunningNode node = RunningNode.start(dataDir)) {
            RunningNode.Response health = node.get("/actuator/health");

            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().path("status").asString()).isEqualTo("UP");
            assertThat(health.json().path("groups").valueStream().map(JsonNode::asString))
                    .containsExactlyInAnyOrder("liveness", "readiness");
            assertThat(health.json().has("components")).isFalse();
            assertThat(health.body()).doesNotContain("path").doesNotContain("details");
        }
    }

    @Test
    void healthWithTheTokenShowsEveryComponentWithItsDetails() {
        try (RunningNode node = RunningNode.start(dataDir)) {
            JsonNode health = node.getWithToken("/actuator/health").json();

            assertThat(health.path("components").path("diskSpace").path("details").path("path").asString())
                    .startsWith("/");
            assertThat(health.path("components").path("overlay").path("details").path("activePeers").isInt())
                    .isTrue();
        }
    }

    @Test
    void anonymousProbesAnswerWithTheirStatus() {
        try (RunningNode node = RunningNode.start(dataDir)) {
            RunningNode.Response liveness = node.get("/actuator/health/liveness");
            RunningNode.Response readiness = node.get("/actuator/health/readiness");

            assertThat(liveness.status()).isEqualTo(200);
            assertThat(liveness.json().path("status").asString()).isEqualTo("UP");
            assertThat(liveness.json().has("components")).isFalse();
            assertThat(readiness.status()).isEqualTo(200);
            assertThat(readiness.json().path("status").asString()).isEqualTo("UP");
        }
    }

    @Test
    void wrongTokenIsTreatedAsAnonymousForHealth() {
        try (RunningNode node = RunningNode.start(dataDir)) {
            RunningNode.Response health = RunningNode.send(HttpRequest.newBuilder(
                    node.baseUri().resolve("/actuator/health")).header("Authorization", "Bearer wrong").GET());

            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().has("components")).isFalse();
        }
    }

    @Test
    void overlayIsDownWhileBelowMinPeers() {
        try (RunningNode node = RunningNode.start(dataDir, "--overlay.min-peers=1")) {
            RunningNode.Response health = node.getWithToken("/actuator/health");

            assertThat(health.status()).isEqualTo(503);
            JsonNode overlay = health.json().path("components").path("overlay");
            assertThat(overlay.path("status").asString()).isEqualTo("DOWN");
            assertThat(overlay.path("details").path("reason").asString()).contains("min-peers");
        }
    }

    @Test
    void invalidConfigurationStopsStartUpNamingTheProperty() {
        assertThatThrownBy(() -> RunningNode.start(dataDir, "--overlay.max-peers=0"))
                .hasStackTraceContaining("maxPeers");
    }

    @Test
    void anExemptAddressThatIsNotAnIpLiteralStopsStartUpNamingTheProperty() {
        assertThatThrownBy(() -> RunningNode.start(dataDir, "--overlay.resource.exempt-addresses=localhost"))
                .hasStackTraceContaining("overlay.resource.exempt-addresses: 'localhost' is not an IP address");
    }
}
