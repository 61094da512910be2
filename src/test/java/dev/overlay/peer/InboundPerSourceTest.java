package dev.overlay.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The inbound limit per IP counts an IPv6 /64 as one source, and IPv4 addresses one by one. */
class InboundPerSourceTest {


    private final PeerRegistry registry = new PeerRegistry(new NodeId("f".repeat(64)), new SlotLimits(10, 0, 1), 10,
            Duration.ofMinutes(1), Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));
    private int nextId = 1;

    private Admission.Outcome inboundFrom(String host) {
        Peer peer = registry.register(Direction.INBOUND, new Endpoint(host, 51235), TestLinks.NO_LINK);
        peer.identify(new NodeId(String.format("%064x", nextId++)), null, new NegotiatedProtocol("OVL/1.0", Set.of()),
                "test");
        return registry.admit(peer).outcome();
    }

    @Test
    void secondInboundFromAnotherAddressOfTheSameIpv6Slash64IsRefused() {
        assertThat(inboundFrom("2001:db8:1:2::1")).isEqualTo(Admission.Outcome.ADMITTED);

        assertThat(inboundFrom("2001:db8:1:2::2")).isEqualTo(Admission.Outcome.ADDRESS_LIMIT);
        assertThat(inboundFrom("2001:db8:1:3::1")).isEqualTo(Admission.Outcome.ADMITTED);
    }

    @Test
    void ipv4AddressesAreCountedOneByOne() {
        assertThat(inboundFrom("10.0.0.1")).isEqualTo(Admission.Outcome.ADMITTED);

        assertThat(inboundFrom("10.0.0.2")).isEqualTo(Admission.Outcome.ADMITTED);
        assertThat(inboundFrom("10.0.0.1")).isEqualTo(Admission.Outcome.ADDRESS_LIMIT);
    }
}
