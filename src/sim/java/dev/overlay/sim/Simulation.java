package dev.overlay.sim;

import dev.overlay.peer.Direction;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerState;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * One simulated network and what the scenarios do with it: start nodes, publish, and measure the
 * graph the active connections form.
 *
 * <p>Threading: confined to the simulation's single thread.
 */
final class Simulation {

    static final long SECOND = 1_000_000;

    final SimOptions options;
    final Transport transport;
    final Population population;

    Simulation(SimOptions options, String mode) {
        this.options = options;
        LinkModel links = new LinkModel(options.regions(), (long) (options.uniformDelayMs() * 1000),
                (long) (options.jitterMs() * 1000), (long) options.processingUs(),
                options.bandwidthMbps(), options.uplinkService(), options.loss(), options.seed());
        this.transport = new Transport(links, options.nodeSettings(mode, List.of()), options.seed());
        this.population = new Population(transport, options.seed());
        transport.settings(options.nodeSettings(mode, population.seeds()));
    }

    long now() {
        return transport.clock().micros();
    }

    void runFor(double seconds) {
        transport.runUntil(now() + (long) (seconds * SECOND));
    }

    /** Runs for {@code seconds}, reporting progress on stderr every ten simulated seconds. */
    void runReporting(double seconds, String phase) {
        long end = now() + (long) (seconds * SECOND);
        long wallStart = System.nanoTime();
        while (now() < end) {
            transport.runUntil(Math.min(end, now() + 10 * SECOND));
            System.err.printf("%s: t=%.0f s, %d nodes, %d events, outbound target met %.3f, wall %.1f s%n", phase,
                    now() / 1e6, transport.nodes().size(), transport.counters.events, outboundTargetMet(),
                    (System.nanoTime() - wallStart) / 1e9);
        }
    }

    /**
     * Joins the configured nodes, lets the graph stabilise, and warms the relays up with a few messages
     * from each of the configured origins, which it returns.
     */
    List<SimNode> bootstrapAndWarmUp() {
        population.join(options.nodes(), (long) (options.joinSeconds() * SECOND));
        runReporting(options.joinSeconds() + options.stabilizeSeconds(), "bootstrap");
        List<SimNode> origins = origins(options.origins());
        int warmup = options.warmupPerOrigin() * options.origins();
        schedulePublishes(now(), warmup, options.rate(), origins);
        runFor(warmup / options.rate() + options.settleSeconds());
        return origins;
    }

    /**
     * Switches every node's relay to {@code mode}: a fresh relay that knows the node's active peers and
     * an empty message log, so each mode starts from the same connections and nothing else (and a
     * network of 10,000 nodes does not carry every earlier mode's messages in 10,000 logs).
     */
    void relayMode(String mode) {
        NodeSettings settings = options.nodeSettings(mode, population.seeds());
        transport.settings(settings);
        for (SimNode node : transport.nodes()) {
            node.relay.restart(settings.relay());
            node.log = transport.emptyLog();
            node.sync.restart(node.log);
        }
    }

    /** Evenly spaced honest, online nodes. */
    List<SimNode> origins(int count) {
        List<SimNode> honest = transport.nodes().stream().filter(n -> !n.attacker && n.online).toList();
        List<SimNode> origins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            origins.add(honest.get((int) ((long) i * honest.size() / count)));
        }
        return origins;
    }

    /**
     * Schedules {@code count} messages from {@code origins} round-robin at {@code rate} per second from
     * {@code start}; each payload starts with its index. Returns the index the first will get.
     */
    int schedulePublishes(long start, int count, double rate, List<SimNode> origins) {
        int first = transport.messageCount() + pendingPublishes;
        pendingPublishes += count;
        for (int i = 0; i < count; i++) {
            SimNode origin = origins.get(i % origins.size());
            int index = first + i;
            transport.at(start + (long) (i * SECOND / rate), () -> {
                pendingPublishes--;
                byte[] payload = new byte[options.size()];
                ByteBuffer.wrap(payload).putInt(index);
                // An origin that left is replaced, so message indexes stay as scheduled.
                transport.publish(origin.online ? origin : origins(1).get(0), payload);
            });
        }
        return first;
    }

    private int pendingPublishes;

    // ---- the graph of active connections

    /**
     * Active peers of every online node in {@code include}, as node indexes (attackers included as
     * peers). A peer that is offline is left out even while the node still counts it as active (a
     * crash is noticed only after the ping timeout): a path through it carries nothing.
     */
    int[][] adjacency(IntPredicate include) {
        int n = transport.nodes().size();
        int[][] adjacency = new int[n][];
        for (SimNode node : transport.nodes()) {
            if (!node.online || !include.test(node.index)) {
                adjacency[node.index] = new int[0];
                continue;
            }
            List<Peer> active = node.registry.active();
            int[] peers = new int[active.size()];
            int k = 0;
            for (Peer peer : active) {
                int remote = ((SimLink) peer.link()).remote;
                if (include.test(remote) && transport.node(remote).online) {
                    peers[k++] = remote;
                }
            }
            adjacency[node.index] = java.util.Arrays.copyOf(peers, k);
        }
        return adjacency;
    }

    /** Whether every online node in {@code include} reaches every other over active connections. */
    boolean connected(IntPredicate include) {
        int[][] adjacency = adjacency(include);
        int start = -1;
        int members = 0;
        for (SimNode node : transport.nodes()) {
            if (node.online && include.test(node.index)) {
                members++;
                if (start < 0) {
                    start = node.index;
                }
            }
        }
        return start < 0 || bfs(adjacency, start)[1] == members;
    }

    /** {eccentricity of start, nodes reached}. */
    static int[] bfs(int[][] adjacency, int start) {
        int[] distance = new int[adjacency.length];
        java.util.Arrays.fill(distance, -1);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        distance[start] = 0;
        queue.add(start);
        int reached = 1;
        int far = 0;
        while (!queue.isEmpty()) {
            int v = queue.poll();
            for (int w : adjacency[v]) {
                if (distance[w] < 0) {
                    distance[w] = distance[v] + 1;
                    far = Math.max(far, distance[w]);
                    reached++;
                    queue.add(w);
                }
            }
        }
        return new int[] {far, reached};
    }

    /** Largest eccentricity over {@code samples} random start nodes: the diameter, or a lower bound of it. */
    int diameter(IntPredicate include, int samples) {
        int[][] adjacency = adjacency(include);
        List<Integer> members = new ArrayList<>();
        for (SimNode node : transport.nodes()) {
            if (node.online && include.test(node.index)) {
                members.add(node.index);
            }
        }
        SplittableRandom random = transport.random(20, 0);
        int diameter = 0;
        int runs = Math.min(samples, members.size());
        for (int i = 0; i < runs; i++) {
            int start = runs == members.size() ? members.get(i) : members.get(random.nextInt(members.size()));
            diameter = Math.max(diameter, bfs(adjacency, start)[0]);
        }
        return diameter;
    }

    static int outbound(SimNode node) {
        int count = 0;
        for (Peer peer : node.registry.active()) {
            if (peer.direction() == Direction.OUTBOUND && peer.state() == PeerState.ACTIVE) {
                count++;
            }
        }
        return count;
    }

    /** Share of online honest nodes with at least the outbound target of active outbound peers. */
    double outboundTargetMet() {
        int target = transport.settings().slots().outboundTarget();
        int met = 0;
        int all = 0;
        for (SimNode node : transport.nodes()) {
            if (node.online && !node.attacker) {
                all++;
                if (outbound(node) >= target) {
                    met++;
                }
            }
        }
        return all == 0 ? 0 : (double) met / all;
    }

    /** Degree (active peers) of online honest nodes: histogram, mean, min and max. */
    Map<String, Object> degrees() {
        TreeMap<Integer, Integer> histogram = new TreeMap<>();
        int min = Integer.MAX_VALUE;
        int max = 0;
        long sum = 0;
        int n = 0;
        for (SimNode node : transport.nodes()) {
            if (node.online && !node.attacker) {
                int degree = node.registry.activeCount();
                histogram.merge(degree, 1, Integer::sum);
                min = Math.min(min, degree);
                max = Math.max(max, degree);
                sum += degree;
                n++;
            }
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mean", Stats.round(n == 0 ? 0 : (double) sum / n, 2));
        d.put("min", n == 0 ? 0 : min);
        d.put("max", max);
        Map<String, Integer> h = new LinkedHashMap<>();
        histogram.forEach((k, v) -> h.put(String.valueOf(k), v));
        d.put("histogram", h);
        return d;
    }

    long onlineHonest() {
        return transport.nodes().stream().filter(n -> n.online && !n.attacker).count();
    }
}
