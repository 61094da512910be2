package dev.overlay.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.peer.SourceAddress;
import org.junit.jupiter.api.Test;

class PendingHandshakesTest {

    private final PendingHandshakes<String> table = new PendingHandshakes<>();

    private PendingHandshakes.Admission<String> admit(String source, String handle) {
        return table.admit(SourceAddress.parse(source), handle, 4, 2);
    }

    @Test
    void sourceAtItsPerSourceLimitIsRefused() {
        admit("10.0.0.1", "a");
        admit("10.0.0.1", "b");

        assertThat(admit("10.0.0.1", "c").admitted()).isFalse();
        assertThat(admit("10.0.0.2", "d").admitted()).isTrue();
    }

    @Test
    void fullTableEvictsTheOldestOfTheMostRepresentedNetworkInsteadOfRefusingTheNewcomer() {
        admit("10.0.1.1", "lone");
        admit("10.0.0.1", "oldest-of-many");
        admit("10.0.0.2", "second");
        admit("10.0.0.3", "third");

        PendingHandshakes.Admission<String> newcomer = admit("192.0.2.1", "newcomer");

        assertThat(newcomer.admitted()).isTrue();
        assertThat(newcomer.evicted()).contains("oldest-of-many");
        assertThat(table.size()).isEqualTo(4);
    }

    @Test
    void amongEquallyRepresentedNetworksTheOneWithTheOlderHandshakeLoses() {
        admit("10.0.1.1", "first");
        admit("10.0.2.1", "second");
        admit("10.0.1.2", "third");
        admit("10.0.2.2", "fourth");

        assertThat(admit("192.0.2.1", "newcomer").evicted()).contains("first");
    }

    @Test
    void ipv6SourcesAreGroupedByTheirSlash64() {
        PendingHandshakes<String> wide = new PendingHandshakes<>();
        wide.admit(SourceAddress.parse("2001:db8:1:1::1"), "a", 3, 3);
        wide.admit(SourceAddress.parse("2001:db8:1:1::2"), "b", 3, 3);
        wide.admit(SourceAddress.parse("2001:db8:1:2::1"), "c", 3, 3);

        assertThat(wide.admit(SourceAddress.parse("2001:db8:9::1"), "d", 3, 3).evicted()).contains("a");
        assertThat(wide.admit(SourceAddress.parse("2001:db8:1:1::3"), "e", 3, 3).admitted())
                .as("the /64 holds 1 of its 3 after the eviction").isTrue();
    }

    @Test
    void endedHandshakeFreesItsPlaceOnceEvenIfEndedTwice() {
        PendingHandshakes.Admission<String> first = admit("10.0.0.1", "a");
        admit("10.0.0.1", "b");

        table.ended(first.ticket().orElseThrow());
        table.ended(first.ticket().orElseThrow());

        assertThat(table.size()).isEqualTo(1);
        assertThat(admit("10.0.0.1", "c").admitted()).isTrue();
        assertThat(admit("10.0.0.1", "d").admitted()).isFalse();
    }

    @Test
    void evictedHandshakeEndingLaterChangesNothing() {
        PendingHandshakes.Admission<String> oldest = admit("10.0.0.1", "a");
        admit("10.0.0.2", "b");
        admit("10.0.0.3", "c");
        admit("10.0.0.4", "d");
        admit("192.0.2.1", "e");

        table.ended(oldest.ticket().orElseThrow());

        assertThat(table.size()).isEqualTo(4);
    }
}
