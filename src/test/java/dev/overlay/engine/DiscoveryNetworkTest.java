package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Direction;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.SourceAddress;
import dev.overlay.resource.Ban;
import dev.overlay.peer.Peer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Twenty nodes, each on its own loopback address, bootstrapped with one seed that has room for two
 * inbound peers: redirects and endpoint gossip must do the rest.
 */
class DiscoveryNetworkTest {

    private static final int NODES = 20;
    private static final int OUTBOUND_TARGET = 3;
    private static final int MAX_PEERS = 8;

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    @Test
    void nodesBootstrappedFromOneSmallSeedFormAConnectedMeshWithinTheirLimits() {
        OverlayNode seed = engines.start(s -> {
            s.host = "127.0.0.2";
            s.maxPeers = 4;
            s.outboundTarget = 2;
            s.maxInboundPerIp = 2;
        });
        Endpoint seedEndpoint = new Endpoint("127.0.0.2", seed.peerPort());
        List<OverlayNode> nodes = new ArrayList<>(List.of(seed));
        for (int i = 1; i < NODES; i++) {
            String host = "127.0.0." + (i + 2);
            nodes.add(engines.start(s -> {
                s.host = host;
                s.maxPeers = MAX_PEERS;
                s.outboundTarget = OUTBOUND_TARGET;
                s.maxInboundPerIp = 2;
                s.bootstrap = List.of(seedEndpoint);
            }));
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (OverlayNode node : nodes) {
                int outbound = (int) node.registry().active().stream()
                        .filter(p -> p.direction() == Direction.OUTBOUND).count();
                int target = node == seed ? 2 : OUTBOUND_TARGET;
                assertThat(outbound).as("outbound peers of %s", node.nodeId().shortForm()).isGreaterThanOrEqualTo(target);
            }
            assertThat(reachableFrom(seed, nodes)).hasSize(NODES);
        });
        for (OverlayNode node : nodes) {
            assertThat(node.registry().usedSlots()).isLessThanOrEqualTo(node.registry().maxPeers());
            assertThat(node.registry().inboundCount()).isLessThanOrEqualTo(node.registry().limits().maxInbound());
        }
        assertThat(seed.discovery().counters().redirects.sum()
                + nodes.stream().mapToLong(n -> n.discovery().counters().redirects.sum()).sum())
                .as("full nodes redirected dialers").isPositive();
        assertThat(nodes.stream().mapToLong(n -> n.discovery().counters().gossipReceived.sum()).sum())
                .isPositive();
    }

    @Test
    void nodesWithThreeSlotsBootstrappedFromOneSeedFormAConnectedNetwork() {
        OverlayNode seed = engines.start(s -> {
            s.host = "127.0.0.30";
            threeSlots(s);
        });
        Endpoint seedEndpoint = new Endpoint("127.0.0.30", seed.peerPort());
        List<OverlayNode> nodes = new ArrayList<>(List.of(seed));
        for (int i = 1; i < 8; i++) {
            String host = "127.0.0." + (30 + i);
            nodes.add(engines.start(s -> {
                s.host = host;
                threeSlots(s);
                s.bootstrap = List.of(seedEndpoint);
            }));
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(nodes).allSatisfy(node -> assertThat(node.registry().activeCount()).isPositive());
            assertThat(reachableFrom(seed, nodes)).hasSize(nodes.size());
        });
        assertThat(nodes).allSatisfy(node -> assertThat(node.registry().usedSlots()).isLessThanOrEqualTo(3));
    }

    @Test
    void autoconnectNeverDialsABannedAddress() {
        OverlayNode banned = engines.start(s -> s.host = "127.0.0.7");
        OverlayNode allowed = engines.start(s -> s.host = "127.0.0.8");
        // Banned before start, as a restarted node finds its bans: a ban landing while a dial to the
        // address is already in flight is a different case (the ban drops connections, not handshakes).
        InMemoryBanStore bans = new InMemoryBanStore();
        bans.save(new Ban(SourceAddress.parse("127.0.0.7"), Instant.now(), Instant.now().plus(Duration.ofHours(1)),
                "test"));
        OverlayNode node = engines.start(s -> {
            s.host = "127.0.0.9";
            s.exemptLoopback = false;
            s.outboundTarget = 2;
            s.banStore = bans;
            s.bootstrap = List.of(new Endpoint("127.0.0.7", banned.peerPort()),
                    new Endpoint("127.0.0.8", allowed.peerPort()));
        });

        await().until(() -> node.registry().isActive(allowed.nodeId()));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> !node.registry().isActive(banned.nodeId()));
        assertThat(node.discovery().call(d -> d.attemptsInFlight()).join()).isZero();
    }

    /** Three slots as a node configured with only {@code max-peers=3} has them: 1 outbound, 2 inbound. */
    private static void threeSlots(TestEngines.Settings settings) {
        settings.maxPeers = 3;
        settings.outboundTarget = null;
        settings.maxInboundPerIp = 2;
    }

    private static Set<NodeId> reachableFrom(OverlayNode start, List<OverlayNode> nodes) {
        Set<NodeId> seen = new HashSet<>(Set.of(start.nodeId()));
        Deque<OverlayNode> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            for (Peer peer : queue.poll().registry().active()) {
                NodeId id = peer.nodeId().orElseThrow();
                if (seen.add(id)) {
                    nodes.stream().filter(n -> n.nodeId().equals(id)).findFirst().ifPresent(queue::add);
                }
            }
        }
        return seen;
    }
}
