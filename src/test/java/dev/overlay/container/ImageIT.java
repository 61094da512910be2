package dev.overlay.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The image as an operator runs it: two containers of the image built from the Dockerfile, the
 * second with the first as its fixed peer. The last two tests stop and replace node2, in that order.
 */
@ExtendWith(DockerEngine.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ImageIT {

    /** The HEALTHCHECK runs every 10 s; healthy needs one passing check after start-up. */
    private static final Duration HEALTHCHECK_TIMEOUT = Duration.ofSeconds(90);

    private static Cluster cluster;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        cluster = new Cluster(2, Map.of());
        cluster.start();
    }

    @AfterAll
    static void removeContainers() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void nodeRunsAsTheNonRootUserOverlay() throws Exception {
        NodeHost node = cluster.node(1);

        assertThat(node.configuredUser()).isEqualTo("overlay");
        assertThat(node.execAsRoot("sh", "-c", "test \"$(stat -c %u /proc/1)\" = 10001"))
                .as("uid of the JVM, PID 1").isZero();
    }

    @Test
    @Order(2)
    void healthIsUpAndTheHealthcheckReportsHealthy() throws Exception {
        NodeHost node = cluster.node(1);

        assertThat(node.api().health()).isEqualTo("UP");
        await().atMost(HEALTHCHECK_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(node.healthStatus()).isEqualTo("healthy"));
    }

    @Test
    @Order(3)
    void theTwoContainersBecomePeers() throws Exception {
        assertThat(cluster.nodeId(cluster.node(1))).matches("[0-9a-f]{64}")
                .isNotEqualTo(cluster.nodeId(cluster.node(2)));

        cluster.awaitFullMesh();
    }

    @Test
    @Order(4)
    void dockerStopShowsThePeerShutdownAsTheCloseReason() throws Exception {
        cluster.awaitFullMesh();
        NodeHost node2 = cluster.node(2);
        String node2Id = cluster.nodeId(node2);

        node2.stop();

        assertThat(node2.running()).isFalse();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> assertThat(cluster.node(1).api().closedPeers())
                        .anySatisfy(closed -> {
                            assertThat(closed.nodeId()).isEqualTo(node2Id);
                            assertThat(closed.reason()).isEqualToIgnoringCase("shutdown");
                        }));
    }

    @Test
    @Order(5)
    void aNewContainerOnTheSameVolumeKeepsTheNodeId() throws Exception {
        NodeHost node2 = cluster.node(2);
        node2.remove();

        node2.start();

        // awaitUp fails unless the node reports the id it had before
        cluster.awaitUp(node2);
        cluster.awaitFullMesh();
    }
}
