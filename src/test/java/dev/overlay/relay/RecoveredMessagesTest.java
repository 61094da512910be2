package dev.overlay.relay;

import static dev.overlay.relay.RelayFixture.A;
import static dev.overlay.relay.RelayFixture.B;
import static dev.overlay.relay.RelayFixture.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Messages fetched by reconciliation, and messages delivered before a restart, as the relay sees them. */
class RecoveredMessagesTest {

    private final RelayFixture f = new RelayFixture();
    private final List<ReceivedMessage> delivered = new ArrayList<>();
    private final Relay relay = new Relay(RelayFixture.SELF.nodeId(), RelayFixture.settings(true), f.clock,
            new Random(1));

    RecoveredMessagesTest() {
        relay.addListener(delivered::add);
    }

    @Test
    void aRecoveredMessageIsDeliveredOnceAndNotRelayedOn() {
        relay.peerActivated(A, true);
        relay.peerActivated(B, true);
        SignedMessage m = f.next(ORIGIN);

        RelayDecision decision = relay.recovered(A, m, true);

        assertThat(decision.outcome()).isEqualTo(CopyOutcome.DELIVERED);
        assertThat(decision.sends()).isEmpty();

        assertThat(delivered).singleElement().satisfies(r -> assertThat(r.fromPeer()).contains(A));
    }

    @Test
    void aRecoveredMessageOlderThanTheRelaysAgeLimitIsStillDelivered() {
        SignedMessage old = f.stamped(ORIGIN, RelayFixture.MAX_MESSAGE_AGE.plus(Duration.ofMinutes(1)).negated());

        assertThat(relay.recovered(A, old, true).outcome()).isEqualTo(CopyOutcome.DELIVERED);
    }

    @Test
    void aRecoveredCopyOfAMessageAlreadyDeliveredIsADuplicate() {
        relay.peerActivated(A, true);
        relay.peerActivated(B, true);
        SignedMessage m = f.next(ORIGIN);
        relay.received(B, m, 1, true);

        assertThat(relay.recovered(A, m, true).outcome()).isEqualTo(CopyOutcome.DUPLICATE);
        assertThat(delivered).hasSize(1);
    }

    @Test
    void aRecoveredMessageWithABadSignatureIsInvalid() {
        SignedMessage m = f.next(ORIGIN);
        SignedMessage forged = SignedMessage.fromWire(ORIGIN.nodeId().publicKey(), m.topic(), m.sequence(),
                m.timestamp().toEpochMilli(), m.payload(), new byte[64], 1024);

        assertThat(relay.recovered(A, forged, false).outcome()).isEqualTo(CopyOutcome.INVALID);
        assertThat(delivered).isEmpty();
    }

    @Test
    void aMessageRememberedFromBeforeARestartIsADuplicateWhenItArrivesAgain() {
        relay.peerActivated(A, true);
        SignedMessage m = f.next(ORIGIN);

        relay.rememberDelivered(m.id(), f.clock.instant());

        assertThat(relay.received(A, m, 1, true).outcome()).isEqualTo(CopyOutcome.DUPLICATE);
        assertThat(delivered).isEmpty();
    }
}
