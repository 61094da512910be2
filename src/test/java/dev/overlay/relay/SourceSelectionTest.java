package dev.overlay.relay;

import static dev.overlay.relay.RelayFixture.A;
import static dev.overlay.relay.RelayFixture.B;
import static dev.overlay.relay.RelayFixture.C;
import static dev.overlay.relay.RelayFixture.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Which peers become an origin's sources. Each {@code message} call is one message of the origin:
 * the peers that delivered it, first copy first, each with the hops its copy carried.
 */
class SourceSelectionTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private final SourceSelection selection = new SourceSelection();

    private void message(Object... peersAndHops) {
        for (int i = 0; i < peersAndHops.length; i += 2) {
            selection.record((NodeId) peersAndHops[i], i == 0, (int) peersAndHops[i + 1], NOW);
        }
    }

    @Test
    void thePeerFirstMostOftenIsTheSource() {
        message(A, 2, B, 2, C, 2);
        message(A, 2, C, 2, B, 2);
        message(B, 2, A, 2, C, 2);

        assertThat(selection.select(1)).containsExactly(A);
    }

    @Test
    void aPeerFirstMostOftenButFurtherFromTheOriginIsNotTheFirstSource() {
        // B is as far from the origin as we are: each is often the other's first copy when timing is
        // noisy, and picking each other would close a cycle that no copy enters.
        message(B, 3, A, 2, C, 3);
        message(B, 3, A, 2, C, 3);
        message(A, 2, B, 3, C, 3);

        assertThat(selection.select(1)).containsExactly(A);
    }

    @Test
    void aPeerThatDeliveredOnlyOnceWithTheFewestHopsIsNearest() {
        message(B, 3, A, 3, C, 3);
        message(B, 3, C, 3, A, 2);
        message(B, 3, A, 3, C, 3);

        assertThat(selection.select(1)).containsExactly(A);
    }

    @Test
    void theNearestSourceComesFirstAndFurtherSourcesFollowTheRanking() {
        message(B, 4, A, 2, C, 4);
        message(B, 4, C, 4, A, 2);
        message(C, 4, B, 4, A, 2);

        selection.select(2);

        assertThat(selection.view(ORIGIN.nodeId(), NOW).selected()).containsExactly(A, B);
    }

    @Test
    void aForgottenPeerNoLongerCountsAsNearest() {
        message(B, 3, A, 2, C, 3);
        message(B, 3, C, 3, A, 2);
        message(C, 3, B, 3, A, 2);
        selection.forget(A);

        assertThat(selection.select(1)).containsExactly(B);
    }
}
