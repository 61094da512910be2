package dev.overlay.relay;

import static dev.overlay.relay.RelayFixture.A;
import static dev.overlay.relay.RelayFixture.B;
import static dev.overlay.relay.RelayFixture.C;
import static dev.overlay.relay.RelayFixture.D;
import static dev.overlay.relay.RelayFixture.MAX_MESSAGE_AGE;
import static dev.overlay.relay.RelayFixture.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeId;
import dev.overlay.identity.NodeKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the relay reports for each copy, which the transport turns into charges: only a peer's own
 * misbehaviour is chargeable, never the redundancy of a flooding mesh.
 */
class CopyOutcomeTest {

    private final RelayFixture f = new RelayFixture();
    private final RecordingRelay relay = f.relay;

    @Test
    void theFirstCopyIsDeliveredAndCopiesFromOtherPeersAreDuplicates() {
        f.activateCapable(A, B);
        SignedMessage m = f.next(ORIGIN);

        assertThat(relay.received(A, m, 1, true)).isEqualTo(CopyOutcome.DELIVERED);
        assertThat(relay.received(B, m, 1, true)).isEqualTo(CopyOutcome.DUPLICATE);
    }

    @Test
    void aSecondCopyFromTheSamePeerIsRepeated() {
        f.activateCapable(A, B);
        SignedMessage m = f.next(ORIGIN);
        relay.received(A, m, 1, true);
        relay.received(B, m, 1, true);

        assertThat(relay.received(A, m, 1, true)).isEqualTo(CopyOutcome.REPEATED);
        assertThat(relay.received(B, m, 2, true)).isEqualTo(CopyOutcome.REPEATED);
    }

    @Test
    void floodingRedundancyOfADegreeEightMeshIsNeverChargeable() {
        RelayFixture flooding = new RelayFixture(RelayFixture.settings(false));
        List<NodeId> peers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            peers.add(NodeKey.generate(RelayFixture.KEYS).nodeId());
        }
        peers.forEach(p -> flooding.relay.peerActivated(p, false));
        Random order = new Random(7);
        Map<CopyOutcome, Integer> outcomes = new EnumMap<>(CopyOutcome.class);

        for (int i = 0; i < 200; i++) {
            SignedMessage m = flooding.next(ORIGIN);
            Collections.shuffle(peers, order);
            for (NodeId peer : peers) {
                outcomes.merge(flooding.relay.received(peer, m, 1, true), 1, Integer::sum);
            }
            flooding.clock.advance(Duration.ofMillis(5));
        }

        assertThat(outcomes).containsOnlyKeys(CopyOutcome.DELIVERED, CopyOutcome.DUPLICATE)
                .containsEntry(CopyOutcome.DELIVERED, 200).containsEntry(CopyOutcome.DUPLICATE, 1400);
    }

    /** Three messages (the threshold) that A and B deliver first: they become the sources. */
    private void deliverUntilSelection() {
        f.deliverInOrder(f.next(ORIGIN), A, B, C, D);
        f.deliverInOrder(f.next(ORIGIN), B, A, C, D);
        f.deliverInOrder(f.next(ORIGIN), A, B, C, D);
    }

    private void squelchCAndD() {
        f.activateCapable(A, B, C, D);
        deliverUntilSelection();
        assertThat(f.output.squelchedPeers()).containsExactlyInAnyOrder(C, D);
    }

    @Test
    void copiesFromASquelchedPeerWithinTheGraceAreOrdinaryDuplicates() {
        squelchCAndD();
        f.clock.advance(Relay.SQUELCH_GRACE);
        SignedMessage m = f.next(ORIGIN);
        relay.received(A, m, 1, true);

        assertThat(relay.received(C, m, 1, true)).isEqualTo(CopyOutcome.DUPLICATE);
    }

    @Test
    void aSquelchedPeerStillSendingTheOriginAfterTheGraceIgnoresTheSquelch() {
        squelchCAndD();
        f.clock.advance(Relay.SQUELCH_GRACE.plusSeconds(1));
        SignedMessage relayedByA = f.next(ORIGIN);
        relay.received(A, relayedByA, 1, true);

        assertThat(relay.received(C, relayedByA, 1, true)).isEqualTo(CopyOutcome.SQUELCH_IGNORED);
        assertThat(relay.received(D, f.next(ORIGIN), 1, true)).isEqualTo(CopyOutcome.SQUELCH_IGNORED);
        assertThat(relay.received(B, relayedByA, 1, true)).isEqualTo(CopyOutcome.DUPLICATE);
    }

    @Test
    void aPeerThatDidNotNegotiateSquelchIsNeverHeldToOne() {
        f.activateCapable(A, B, C);
        relay.peerActivated(D, false);
        deliverUntilSelection();
        assertThat(f.output.squelchedPeers()).containsExactly(C);
        f.clock.advance(Relay.SQUELCH_GRACE.plusSeconds(1));
        SignedMessage m = f.next(ORIGIN);
        relay.received(A, m, 1, true);

        assertThat(relay.received(D, m, 1, true)).isEqualTo(CopyOutcome.DUPLICATE);
    }

    @Test
    void aCopyThatAgedPastTheLimitIsExpired() {
        f.activateCapable(A);

        assertThat(relay.received(A, f.stamped(ORIGIN, MAX_MESSAGE_AGE.negated().minusSeconds(1)), 1, true))
                .isEqualTo(CopyOutcome.EXPIRED);
    }

    @Test
    void aCopyWithABadSignatureFoundOnlyOnTheRelayThreadIsInvalid() {
        f.activateCapable(A);
        SignedMessage genuine = f.next(ORIGIN);
        SignedMessage forged = SignedMessage.fromWire(genuine.origin().publicKey(), genuine.topic(),
                genuine.sequence(), genuine.timestamp().toEpochMilli(), new byte[] {42}, genuine.signature(), 1024);

        assertThat(relay.received(A, forged, 1, false)).isEqualTo(CopyOutcome.INVALID);
    }
}
