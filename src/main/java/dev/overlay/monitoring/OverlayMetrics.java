package dev.overlay.monitoring;

import dev.overlay.engine.EngineListener;
import dev.overlay.engine.HandshakeStats;
import dev.overlay.engine.ListenerFanOut;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.engine.TrafficCounters;
import dev.overlay.handshake.HandshakeFailure;
import dev.overlay.peer.Direction;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerState;
import dev.overlay.protocol.MessageType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * Overlay meters: traffic by message category (plus {@code handshake}: everything before frames),
 * peers by state and direction, handshakes by outcome, disconnects by reason, ping latency. Tag values
 * come from enums and fixed names only (never node ids or addresses), so cardinality stays bounded.
 *
 * <p>Threading: the listener callbacks run on event loops and only touch Micrometer meters, which are
 * thread-safe.
 */
@Component
class OverlayMetrics implements MeterBinder, EngineListener {

    private final PeerRegistry peers;
    private final TrafficCounters traffic;
    private final HandshakeStats handshakes;
    private final ListenerFanOut listeners;
    private final Map<DisconnectReason, Counter> disconnects = new EnumMap<>(DisconnectReason.class);
    private Timer latency;

    OverlayMetrics(PeerRegistry peers, TrafficCounters traffic, HandshakeStats handshakes, ListenerFanOut listeners) {
        this.peers = peers;
        this.traffic = traffic;
        this.handshakes = handshakes;
        this.listeners = listeners;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (MessageType type : MessageType.values()) {
            traffic(registry, type.name().toLowerCase(Locale.ROOT), traffic.of(type));
        }
        traffic(registry, "handshake", traffic.handshake());
        for (PeerState state : PeerState.values()) {
            for (Direction direction : Direction.values()) {
                Gauge.builder("overlay.peers", peers, p -> count(p, state, direction))
                        .description("Connections by state and direction")
                        .tag("state", state.name().toLowerCase(Locale.ROOT))
                        .tag("direction", direction.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
        }
        FunctionCounter.builder("overlay.handshakes", handshakes, HandshakeStats::accepted)
                .description("Handshakes by outcome").tag("outcome", "accepted").register(registry);
        for (HandshakeFailure failure : HandshakeFailure.values()) {
            FunctionCounter.builder("overlay.handshakes", handshakes, h -> h.failureCounts().get(failure))
                    .description("Handshakes by outcome").tag("outcome", failure.code()).register(registry);
        }
        for (DisconnectReason reason : DisconnectReason.values()) {
            disconnects.put(reason, Counter.builder("overlay.disconnects").description("Disconnects by reason")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        latency = Timer.builder("overlay.peer.latency").description("Ping round-trip times")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        Gauge.builder("overlay.send.queue.bytes", peers,
                        p -> p.active().stream().mapToLong(Peer::queuedBytes).sum())
                .description("Outbound bytes queued for all peers").register(registry);
        listeners.add(this);
    }

    private static void traffic(MeterRegistry registry, String category, TrafficCounters.Category counts) {
        traffic(registry, "overlay.traffic.messages", category, "in", counts.messagesIn());
        traffic(registry, "overlay.traffic.messages", category, "out", counts.messagesOut());
        traffic(registry, "overlay.traffic.bytes", category, "in", counts.bytesIn());
        traffic(registry, "overlay.traffic.bytes", category, "out", counts.bytesOut());
    }

    private static void traffic(MeterRegistry registry, String name, String category, String direction,
                                LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::sum)
                .description("Overlay traffic by message category")
                .tag("category", category).tag("direction", direction)
                .register(registry);
    }

    private static double count(PeerRegistry peers, PeerState state, Direction direction) {
        return peers.connections().stream()
                .filter(p -> p.state() == state && p.direction() == direction).count();
    }

    @Override
    public void peerClosed(Peer peer) {
        peer.disconnect().ifPresent(d -> disconnects.get(d.reason()).increment());
    }

    @Override
    public void latencyMeasured(Duration roundTrip) {
        latency.record(roundTrip);
    }
}
