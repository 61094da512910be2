package dev.overlay.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The duplicate rule never turns an outbound slot into an inbound one beyond the inbound limit. */
class SlotDirectionTest {

    private static final NodeId SELF = new NodeId("f".repeat(64));
    private static final NodeId LOWER = new NodeId("1".repeat(64));

    private final PeerRegistry registry = new PeerRegistry(SELF, new SlotLimits(3, 2, 10), 10,
            Duration.ofMinutes(1), Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));

    private Peer identified(Direction direction, NodeId id, int port) {
        Peer peer = registry.register(direction, new Endpoint("10.0.0." + port, 1000 + port), TestLinks.NO_LINK);
        peer.identify(id, null, new NegotiatedProtocol("OVL/1.0", java.util.Set.of()), "test");
        return peer;
    }

    @Test
    void inboundThatWouldReplaceAnOutboundIsRefusedWhenInboundIsFull() {
        Peer inboundHolder = identified(Direction.INBOUND, new NodeId("2".repeat(64)), 2);
        assertThat(registry.admit(inboundHolder).outcome()).isEqualTo(Admission.Outcome.ADMITTED);
        Peer outbound = identified(Direction.OUTBOUND, LOWER, 3);
        assertThat(registry.admit(outbound).outcome()).isEqualTo(Admission.Outcome.ADMITTED);

        Admission replacement = registry.admit(identified(Direction.INBOUND, LOWER, 4));

        assertThat(replacement.outcome()).isEqualTo(Admission.Outcome.SLOTS_FULL);
        assertThat(registry.find(LOWER)).contains(outbound);
    }

    @Test
    void inboundReplacesAnOutboundUnderTheLowerIdRuleWhileInboundHasRoom() {
        Peer outbound = identified(Direction.OUTBOUND, LOWER, 3);
        assertThat(registry.admit(outbound).outcome()).isEqualTo(Admission.Outcome.ADMITTED);

        Admission replacement = registry.admit(identified(Direction.INBOUND, LOWER, 4));

        assertThat(replacement.outcome()).isEqualTo(Admission.Outcome.ADMITTED);
        assertThat(replacement.displaced()).contains(outbound);
    }
}
