package dev.overlay.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.awaitility.core.ConditionTimeoutException;

import com.github.dockerjava.api.DockerClient;

/**
 * Nodes in containers on a Docker network of the test's own, laid out like docker-compose.yml:
 * {@code node1} is the bootstrap node, every other node keeps {@code node1:51235} as its fixed peer and
 * finds the rest through endpoint gossip. {@link #close()} removes the containers, their volumes and
 * the network (Ryuk is off: nothing else would).
 *
 * <p>Threading: confined to the test thread.
 */
final class Cluster implements AutoCloseable {

    /** Covers JVM start-up in a container on a busy two-core machine. */
    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
    static final Duration MESH_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofMillis(500);

    private final DockerClient docker = DockerEngine.client();
    private final String networkName;
    private final List<NodeHost> nodes = new ArrayList<>();
    private final Map<NodeHost, String> nodeIds = new HashMap<>();

    /**
     * @param size number of nodes, node1..nodeN
     * @param settings environment shared by every node on top of the network id and API token
     */
    Cluster(int size, Map<String, String> settings) {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        networkName = "overlay-it-" + runId;
        docker.createNetworkCmd().withName(networkName).withDriver("bridge").exec();
        for (int i = 1; i <= size; i++) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("OVERLAY_NETWORK_ID", "container-test");
            env.put("OVERLAY_API_TOKEN", NodeApi.TOKEN);
            // Small heaps and quick start-up: several JVMs share two cores.
            env.put("JAVA_TOOL_OPTIONS", "-Xmx192m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
            env.putAll(settings);
            if (i > 1) {
                env.put("OVERLAY_FIXED_PEERS", "node1:" + NodeHost.PEER_PORT);
            }
            nodes.add(new NodeHost(runId, "node" + i, networkName, env));
        }
    }

    List<NodeHost> nodes() {
        return nodes;
    }

    NodeHost node(int number) {
        return nodes.get(number - 1);
    }

    String nodeId(NodeHost node) {
        return nodeIds.get(node);
    }

    /** Starts every node and waits until each answers with health UP; records the node ids. */
    void start() throws Exception {
        for (NodeHost node : nodes) {
            node.start();
        }
        for (NodeHost node : nodes) {
            awaitUp(node);
        }
    }

    /** Waits until the node's API answers with health UP; remembers (or checks) its node id. */
    void awaitUp(NodeHost node) throws Exception {
        try {
            await().atMost(STARTUP_TIMEOUT).pollInterval(POLL).ignoreExceptions()
                    .until(() -> "UP".equals(node.api().health()));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(node.alias() + " not UP within " + STARTUP_TIMEOUT + "; log:\n" + node.logTail(80), e);
        }
        String id = node.api().nodeId();
        nodeIds.putIfAbsent(node, id);
        assertThat(id).as("node id of %s after a restart on its volume", node.alias()).isEqualTo(nodeIds.get(node));
    }

    /** True when every node lists every other node as an ACTIVE peer. */
    boolean fullMesh() throws Exception {
        for (NodeHost node : nodes) {
            Set<String> expected = new HashSet<>(nodeIds.values());
            expected.remove(nodeIds.get(node));
            if (!node.api().activePeerIds().containsAll(expected)) {
                return false;
            }
        }
        return true;
    }

    /** Waits until the full mesh stands; returns how long that took. */
    Duration awaitFullMesh() {
        long start = System.nanoTime();
        await().atMost(MESH_TIMEOUT).pollInterval(POLL).ignoreExceptions()
                .alias("every node has every other as an ACTIVE peer")
                .until(this::fullMesh);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (NodeHost node : nodes) {
            try {
                node.destroy();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        try {
            docker.removeNetworkCmd(networkName).exec();
        } catch (RuntimeException e) {
            failure = e;
        }
        if (failure != null) {
            throw failure;
        }
    }
}
