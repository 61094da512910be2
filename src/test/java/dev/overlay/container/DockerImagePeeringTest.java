package dev.overlay.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The image built from the project's {@code Dockerfile} forms an overlay: two containers on one
 * Docker network, the second configured with the first as its fixed peer, end up listing each
 * other as {@code ACTIVE} peers.
 *
 * <p>Needs a Docker engine (and access to Docker Hub for the base images and Maven Central for the
 * build inside the image). Without one the whole class is reported as skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerImagePeeringTest {

    private static final int API_PORT = 8080;
    private static final int PEER_PORT = 51235;
    private static final String NETWORK_ID = "container-test";
    private static final String API_TOKEN = "container-test-token";

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);
    /** Covers JVM start-up in a container on a slow CI machine. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration PEERING_TIMEOUT = Duration.ofMinutes(2);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

    /**
     * Built once (lazily, on first container start) and shared by both containers. {@code
     * withDockerfile} makes docker-java send the Dockerfile's directory as the build context and
     * honour {@code .dockerignore}, so target/, .git/ etc. are not uploaded. The tag is kept after
     * the run so a re-run can reuse the engine's layer cache.
     */
    private static final ImageFromDockerfile IMAGE =
            new ImageFromDockerfile("overlay-node-test", false).withDockerfile(projectRoot().resolve("Dockerfile"));

    private static final Network NETWORK = Network.newNetwork();

    @Container
    private static final GenericContainer<?> NODE1 = node("node1");

    @Container
    private static final GenericContainer<?> NODE2 = node("node2")
            .withEnv("OVERLAY_FIXED_PEERS", "node1:" + PEER_PORT)
            .dependsOn(NODE1);

    @Test
    void eachContainerReportsItsOwnNodeId() throws Exception {
        String id1 = nodeId(NODE1);
        String id2 = nodeId(NODE2);

        assertThat(id1).matches("[0-9a-f]{64}");
        assertThat(id2).matches("[0-9a-f]{64}");
        assertThat(id1).as("each container has its own identity").isNotEqualTo(id2);
    }

    @Test
    void twoContainersBecomePeers() throws Exception {
        String id1 = nodeId(NODE1);
        String id2 = nodeId(NODE2);

        await().atMost(PEERING_TIMEOUT)
                .pollInterval(Duration.ofSeconds(1))
                // a connection refused or a half-started API is just "not yet"
                .ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(activePeerIds(NODE1)).as("ACTIVE peers of node1").contains(id2);
                    assertThat(activePeerIds(NODE2)).as("ACTIVE peers of node2").contains(id1);
                });
    }

    private static GenericContainer<?> node(String alias) {
        return new GenericContainer<>(IMAGE)
                .withNetwork(NETWORK)
                .withNetworkAliases(alias)
                .withEnv("OVERLAY_NETWORK_ID", NETWORK_ID)
                .withEnv("OVERLAY_API_TOKEN", API_TOKEN)
                .withExposedPorts(API_PORT)
                .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger(DockerImagePeeringTest.class))
                        .withPrefix(alias))
                .waitingFor(Wait.forHttp("/actuator/health")
                        .forPort(API_PORT)
                        .forStatusCode(200)
                        .withStartupTimeout(STARTUP_TIMEOUT));
    }

    private static String nodeId(GenericContainer<?> node) throws IOException, InterruptedException {
        String nodeId = getJson(node, "/api/v1/node").path("nodeId").asString();
        assertThat(nodeId).as("nodeId of %s", node.getNetworkAliases()).isNotBlank();
        return nodeId;
    }

    /** Node ids of the peers that {@code node} currently lists in state ACTIVE. */
    private static List<String> activePeerIds(GenericContainer<?> node) throws IOException, InterruptedException {
        JsonNode peers = getJson(node, "/api/v1/peers");
        assertThat(peers.isArray()).as("/api/v1/peers returns an array: %s", peers).isTrue();
        List<String> active = new ArrayList<>();
        for (JsonNode peer : peers) {
            if ("ACTIVE".equals(peer.path("state").asString())) {
                active.add(peer.path("nodeId").asString());
            }
        }
        return active;
    }

    private static JsonNode getJson(GenericContainer<?> node, String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + node.getHost() + ":" + node.getMappedPort(API_PORT) + path);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(HTTP_TIMEOUT)
                .header("Accept", "application/json")
                // Reads should not need it, but sending the configured token keeps the test
                // independent of whether the API protects GETs too.
                .header("Authorization", "Bearer " + API_TOKEN)
                .GET()
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Maven runs tests from the module directory; fall back to walking up for IDE runs. */
    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("Dockerfile")) && Files.isRegularFile(candidate.resolve("pom.xml"))) {
                return candidate;
            }
        }
        return dir;
    }
}
