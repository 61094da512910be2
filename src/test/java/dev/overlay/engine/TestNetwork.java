package dev.overlay.engine;

import static org.awaitility.Awaitility.await;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import dev.overlay.relay.MessageId;
import dev.overlay.relay.SignedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * A mesh of engines over loopback TLS with a random connected topology, plus a record of every local
 * delivery at every node, so tests can check delivery ratios and copy counts.
 */
final class TestNetwork {

    final List<OverlayNode> nodes = new ArrayList<>();
    /** Per node index: message id -> how many times it was delivered locally. */
    final List<Map<MessageId, AtomicInteger>> deliveries = new ArrayList<>();
    final List<SignedMessage> published = new ArrayList<>();

    /**
     * Starts {@code size} nodes and connects them: a ring (so the graph is connected) plus random
     * chords until every node has at least {@code degree} peers.
     */
    static TestNetwork start(TestEngines engines, int size, int degree, long seed,
                             IntFunction<Consumer<TestEngines.Settings>> settingsForNode) {
        TestNetwork network = new TestNetwork();
        for (int i = 0; i < size; i++) {
            OverlayNode node = engines.start(settingsForNode.apply(i));
            Map<MessageId, AtomicInteger> delivered = new ConcurrentHashMap<>();
            node.relay().addListener(m -> delivered.computeIfAbsent(m.message().id(), id -> new AtomicInteger())
                    .incrementAndGet());
            network.nodes.add(node);
            network.deliveries.add(delivered);
        }
        Random random = new Random(seed);
        Set<Set<Integer>> edges = new HashSet<>();
        for (int i = 0; i < size; i++) {
            edges.add(Set.of(i, (i + 1) % size));
        }
        for (int i = 0; i < size; i++) {
            while (degreeOf(edges, i) < degree) {
                int j = random.nextInt(size);
                if (j != i) {
                    edges.add(Set.of(i, j));
                }
            }
        }
        List<CompletableFuture<?>> dials = new ArrayList<>();
        for (Set<Integer> edge : edges) {
            List<Integer> ends = new ArrayList<>(edge);
            OverlayNode from = network.nodes.get(Math.min(ends.get(0), ends.get(1)));
            OverlayNode to = network.nodes.get(Math.max(ends.get(0), ends.get(1)));
            dials.add(from.connect(new Endpoint("127.0.0.1", to.peerPort())));
        }
        CompletableFuture.allOf(dials.toArray(CompletableFuture[]::new)).join();
        await().atMost(Duration.ofSeconds(20)).until(() -> network.nodes.stream()
                .mapToInt(n -> n.registry().activeCount()).sum() == 2 * edges.size());
        return network;
    }

    private static long degreeOf(Set<Set<Integer>> edges, int node) {
        return edges.stream().filter(e -> e.contains(node)).count();
    }

    /** Publishes {@code count} messages round-robin from {@code origins}, waiting for each hand-off. */
    void publish(List<Integer> origins, int count, String topic) {
        for (int i = 0; i < count; i++) {
            OverlayNode origin = nodes.get(origins.get(i % origins.size()));
            published.add(origin.relay().signAndBroadcast(topic, ("message " + i).getBytes()).join());
        }
    }

    /** Waits until every node has delivered every published message. */
    void awaitFullDelivery() {
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> published.stream()
                    .allMatch(m -> deliveries.stream().allMatch(d -> d.containsKey(m.id()))));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("messages missing after 30 s: " + missing(), e);
        }
    }

    /** For each node that lacks messages: its index and the sequence numbers it lacks. */
    Map<Integer, List<Long>> missing() {
        Map<Integer, List<Long>> missing = new java.util.TreeMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Map<MessageId, AtomicInteger> delivered = deliveries.get(i);
            List<Long> lacking = published.stream().filter(m -> !delivered.containsKey(m.id()))
                    .map(SignedMessage::sequence).toList();
            if (!lacking.isEmpty()) {
                missing.put(i, lacking);
            }
        }
        return missing;
    }

    /** Whether every node delivered every published message exactly once. */
    boolean everyMessageDeliveredExactlyOnceEverywhere() {
        return published.stream().allMatch(m -> deliveries.stream()
                .allMatch(d -> d.get(m.id()) != null && d.get(m.id()).get() == 1));
    }

    /** Copies received from peers, summed over all nodes. */
    long copiesReceived() {
        return nodes.stream().mapToLong(n -> n.relay().counters().received.sum()).sum();
    }

    int indexOf(NodeId id) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).nodeId().equals(id)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not in this network: " + id);
    }
}
