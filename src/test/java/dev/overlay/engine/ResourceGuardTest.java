package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Direction;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.peer.SourceAddress;
import dev.overlay.peer.TestLinks;
import dev.overlay.peer.SlotLimits;
import dev.overlay.resource.ResourceManager;
import dev.overlay.resource.ResourceSettings;
import dev.overlay.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The accept-time checks count and ban an IPv6 /64 as one source. */
class ResourceGuardTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final ResourceManager manager = new ResourceManager(new ResourceSettings(5000, 25000,
            Duration.ofSeconds(32), Duration.ofMinutes(30), false, Set.of(), Set.of()), clock);
    private final ResourceGuard guard = guard(new ResourceGuard.ConnectionQuotas(100, 2));

    private ResourceGuard guard(ResourceGuard.ConnectionQuotas quotas) {
        return new ResourceGuard(manager, new InMemoryBanStore(),
                new PeerRegistry(new NodeId("f".repeat(64)), new SlotLimits(21, 0, Integer.MAX_VALUE), 10,
                        Duration.ofMinutes(1), clock),
                quotas, new EngineListener() { }, clock, Runnable::run);
    }

    private static SourceAddress source(String text) {
        return SourceAddress.parse(text);
    }

    private boolean admitted(String source) {
        return guard.admitAtAccept(source(source), () -> { }).isPresent();
    }

    @Test
    void connectionQuotaPerIpCountsEveryAddressOfAnIpv6Slash64() {
        assertThat(admitted("2001:db8:1:2::1")).isTrue();
        assertThat(admitted("2001:db8:1:2::2")).isTrue();

        assertThat(admitted("2001:db8:1:2::3")).isFalse();
        assertThat(admitted("2001:db8:1:3::1")).isTrue();
        assertThat(manager.counters().refusedAddressQuota.sum()).isEqualTo(1);
    }

    @Test
    void closingAConnectionFreesItsPlaceInTheSlash64Quota() {
        Runnable firstPermit = guard.admitAtAccept(source("2001:db8:1:2::1"), () -> { }).orElseThrow();
        admitted("2001:db8:1:2::2");

        Peer first = new Peer(1, Direction.INBOUND, new Endpoint("2001:db8:1:2::1", 51235), TestLinks.NO_LINK);
        guard.handshakeStarted(first, firstPermit);
        guard.closed(first);

        assertThat(admitted("2001:db8:1:2::99")).isTrue();
    }

    @Test
    void sourceHoldsAtMostASixteenthOfTheHandshakeTableAndRefusalsAreCounted() {
        ResourceGuard small = guard(new ResourceGuard.ConnectionQuotas(64, 8));
        for (int i = 0; i < 4; i++) {
            assertThat(small.admitAtAccept(source("10.0.0.1"), () -> { })).isPresent();
        }

        assertThat(small.admitAtAccept(source("10.0.0.1"), () -> { })).isEmpty();
        assertThat(manager.counters().refusedHandshakeQuota.sum()).isEqualTo(1);
        assertThat(small.admitAtAccept(source("10.0.0.2"), () -> { })).isPresent();
    }

    @Test
    void fullHandshakeTableClosesTheOldestOfTheMostRepresentedNetworkForANewcomer() {
        ResourceGuard small = guard(new ResourceGuard.ConnectionQuotas(16, 8));
        List<Integer> closed = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int stalled = i;
            assertThat(small.admitAtAccept(source("10.0.0." + (i + 1)), () -> closed.add(stalled))).isPresent();
        }

        assertThat(small.admitAtAccept(source("192.0.2.1"), () -> { })).isPresent();
        assertThat(closed).containsExactly(0);
        assertThat(manager.counters().handshakesEvicted.sum()).isEqualTo(1);
        assertThat(small.pendingHandshakes()).isEqualTo(16);
    }

    @Test
    void operatorBanOfAnIpv6AddressRefusesItsWholeSlash64AtAccept() {
        guard.ban(source("2001:db8:1:2::1"), Duration.ofHours(1), "test").join();

        assertThat(admitted("2001:db8:1:2:ffff::1")).isFalse();
        assertThat(manager.counters().refusedBanned.sum()).isEqualTo(1);
        assertThat(admitted("2001:db8:1:3::1")).isTrue();
    }
}
