package dev.overlay.bench.jmh;

import dev.overlay.identity.NodeId;
import dev.overlay.identity.NodeKey;
import dev.overlay.relay.Relay;
import dev.overlay.relay.RelayCounters;
import dev.overlay.relay.RelaySettings;
import dev.overlay.relay.SignedMessage;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The single relay thread's work for received copies ({@link Relay#received}) on a node with 8 active
 * peers, the default relay settings and a warm state (seen-cache and withheld copies at their
 * bounds). The benchmark only swallows the decisions, so the figures are the relay's own cost;
 * the frames those decisions cause are encoded on the event loops (see the frame codec benchmark).
 *
 * <p>{@code flood}: squelching is off and every peer sends every message, so each message arrives 8
 * times and its first copy is sent on to the 7 other peers.
 *
 * <p>{@code squelch}: the origin's 3 sources are selected and the 5 other peers squelched, so each
 * message arrives 3 times. Of the peers, the 3 sources and 2 of the others squelched this node (it is
 * never first to them), and the remaining 3 chose it as one of their sources: the first copy is sent
 * to those 3 and withheld, for replay, from the 4 other peers that do not have it yet.
 *
 * <p>Messages come from one origin that is not a neighbour, each with a new id; the clock is fixed.
 *
 * <p>At this rate the seen-cache turns over about a thousand times faster than on a node, so every young
 * collection copies the whole cache; the large young generation keeps collections rare, and
 * {@code -prof gc} shows what is left ({@code gc.time}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Xmn1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RelayBenchmark {

    private static final int PEERS = 8;
    /** The defaults of {@code overlay.relay.squelch.selected-peers} and {@code .threshold}. */
    private static final int SELECTED_PEERS = 3;
    private static final int SELECTION_THRESHOLD = 20;
    /** Peers that chose this node as a source of the origin, and so never squelch it. */
    private static final int CHOSEN_BY = 3;
    private static final int SEEN_CACHE_ENTRIES = 100_000;
    /** More than the seen-cache holds, so each message has been evicted, and is new again, when it comes round. */
    private static final int MESSAGES = 128 * 1024;
    private static final int HOPS = 1;
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Param({"flood", "squelch"})
    public String mode;

    private Relay relay;
    /** Swallows the relay's decisions, so the JIT cannot drop the work that produced them. */
    private Blackhole blackhole;
    private SignedMessage[] messages;
    /** Peers in the order their copies arrive: message {@code i} follows {@code arrivals[i % arrivals.length]}. */
    private NodeId[][] arrivals;
    private int next;

    @Setup
    public void setUp(Blackhole blackhole) {
        boolean squelch = mode.equals("squelch");
        SecureRandom keys = new SecureRandom();
        NodeId origin = NodeKey.generate(keys).nodeId();
        List<NodeId> peers = IntStream.range(0, PEERS).mapToObj(i -> NodeKey.generate(keys).nodeId()).toList();
        // The overlay.relay.* defaults, squelching on or off.
        RelaySettings settings = new RelaySettings(squelch, SELECTED_PEERS, SELECTION_THRESHOLD,
                Duration.ofSeconds(300), Duration.ofSeconds(600), Duration.ofSeconds(8), Duration.ofSeconds(30),
                SEEN_CACHE_ENTRIES, Duration.ofMinutes(5), Duration.ofMinutes(2), 16, SampleMessages.MAX_PAYLOAD_SIZE);
        this.blackhole = blackhole;
        relay = new Relay(NodeKey.generate(keys).nodeId(), settings, Clock.fixed(NOW, ZoneOffset.UTC),
                new SplittableRandom(1));
        peers.forEach(peer -> relay.peerActivated(peer, squelch));
        messages = messages(origin);
        List<NodeId> senders = squelch ? peers.subList(0, SELECTED_PEERS) : peers;
        arrivals = IntStream.range(0, senders.size())
                .mapToObj(first -> IntStream.range(0, senders.size())
                        .mapToObj(k -> senders.get((first + k) % senders.size()))
                        .toArray(NodeId[]::new))
                .toArray(NodeId[][]::new);
        if (squelch) {
            selectSources(origin, peers, senders);
        }
        settle(squelch ? CHOSEN_BY : PEERS - 1);
    }

    /** The copy that brings a message not seen yet: insert into the seen-cache, delivery, fan-out decision. */
    @Benchmark
    public void firstCopy() {
        int i = advance();
        blackhole.consume(relay.received(arrivals[i % arrivals.length][0], messages[i], HOPS, true));
    }

    /**
     * Every copy of one message, first and duplicates, in arrival order (8 copies when flooding, 3 with
     * squelch). A duplicate's cost is this minus {@link #firstCopy}, spread over the duplicates.
     */
    @Benchmark
    public void everyCopy() {
        int i = advance();
        SignedMessage message = messages[i];
        for (NodeId peer : arrivals[i % arrivals.length]) {
            blackhole.consume(relay.received(peer, message, HOPS, true));
        }
    }

    /**
     * Runs every message through once, which fills the seen-cache and the withheld copies to their
     * bounds, and checks that each first copy went to {@code sentTo} peers and was
     * withheld from the others, as described above.
     */
    private void settle(int sentTo) {
        RelayCounters counters = relay.counters();
        long relayedBefore = counters.relayed.sum();
        long withheldBefore = counters.suppressed.sum();
        for (int i = 0; i < MESSAGES; i++) {
            everyCopy();
        }
        long relayed = counters.relayed.sum() - relayedBefore;
        long withheld = counters.suppressed.sum() - withheldBefore;
        if (relayed != (long) sentTo * MESSAGES || withheld != (long) (PEERS - 1 - sentTo) * MESSAGES) {
            throw new IllegalStateException("fan-out is not as described: " + relayed + " copies sent and "
                    + withheld + " withheld for " + MESSAGES + " messages");
        }
    }

    private int advance() {
        int i = next;
        next = i + 1 == MESSAGES ? 0 : i + 1;
        return i;
    }

    /**
     * Squelch requests from the peers that do not take the origin from this node, then the threshold's
     * worth of messages delivered by every peer with the senders always first, which makes the senders
     * the selected sources and squelches the rest.
     */
    private void selectSources(NodeId origin, List<NodeId> peers, List<NodeId> senders) {
        for (int i = 0; i < PEERS; i++) {
            boolean chose = i >= SELECTED_PEERS && i < SELECTED_PEERS + CHOSEN_BY;
            if (!chose) {
                relay.squelchRequested(peers.get(i), origin, true, Relay.MAX_ACCEPTED_SQUELCH);
            }
        }
        for (int n = 0; n < SELECTION_THRESHOLD; n++) {
            int i = advance();
            relay.received(arrivals[i % arrivals.length][0], messages[i], HOPS, true);
            peers.forEach(peer -> relay.received(peer, messages[i], HOPS, true));
        }
        List<NodeId> selected = relay.squelchViews().get(0).selected();
        if (!Set.copyOf(selected).equals(Set.copyOf(senders))) {
            throw new IllegalStateException("expected the senders as sources, selected " + selected);
        }
    }

    /**
     * Shares one payload and a blank signature: the relay never reads payload bytes and trusts the event
     * loop's verification ({@code verified} true), and signing this many messages would take each fork
     * several seconds.
     */
    private static SignedMessage[] messages(NodeId origin) {
        byte[] originKey = origin.publicKey();
        byte[] payload = SampleMessages.randomBytes(SampleMessages.PAYLOAD_SIZE, 1);
        byte[] signature = new byte[NodeKey.SIGNATURE_LENGTH];
        // A little in the past, as a copy that has travelled is, so the age check has an age to check.
        long stamped = NOW.minusMillis(150).toEpochMilli();
        SignedMessage[] messages = new SignedMessage[MESSAGES];
        for (int i = 0; i < MESSAGES; i++) {
            messages[i] = SignedMessage.fromWire(originKey, SampleMessages.TOPIC, i, stamped, payload, signature,
                    SampleMessages.MAX_PAYLOAD_SIZE);
        }
        return messages;
    }
}
