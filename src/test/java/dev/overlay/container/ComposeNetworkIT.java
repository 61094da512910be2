package dev.overlay.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The network docker-compose.yml describes, on a Docker network of the test's own and with the
 * compose file's default settings: node2 and node3 know only node1, find each other through
 * endpoint gossip, and every container delivers what one of them publishes.
 */
@ExtendWith(DockerEngine.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ComposeNetworkIT {

    private static Cluster cluster;

    @BeforeAll
    static void startThreeNodes() throws Exception {
        cluster = new Cluster(3, Map.of());
        cluster.start();
    }

    @AfterAll
    static void removeContainers() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void threeNodesFormAFullMeshThroughGossipAndRelayAMessageToEveryContainer() throws Exception {
        cluster.awaitFullMesh();

        String id = cluster.node(2).api().publish("compose", "hello from node2");

        for (NodeHost node : cluster.nodes()) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(node.api().messages("compose"))
                            .as("messages delivered by %s", node.alias())
                            .extracting(NodeApi.Delivery::id).containsExactly(id));
        }
    }
}
