package dev.overlay.relay;

import static dev.overlay.relay.RelayFixture.A;
import static dev.overlay.relay.RelayFixture.B;
import static dev.overlay.relay.RelayFixture.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Messages fetched by reconciliation, and messages delivered before a restart, as the relay sees them. */
class RecoveredMessagesTest {

    private final RelayFixture f = new RelayFixture();
    private final Relay relay = f.relay;

    @Test
    void aRecoveredMessageIsDeliveredOnceAndNotRelayedOn() {
        f.activateCapable(A, B);
        SignedMessage m = f.next(ORIGIN);

        assertThat(relay.recovered(A, m, true)).isEqualTo(CopyOutcome.DELIVERED);

        assertThat(f.delivered).singleElement().satisfies(r -> assertThat(r.fromPeer()).contains(A));
        assertThat(f.output.published).isEmpty();
    }

    @Test
    void aRecoveredMessageOlderThanTheRelaysAgeLimitIsStillDelivered() {
        SignedMessage old = f.stamped(ORIGIN, RelayFixture.MAX_MESSAGE_AGE.plus(Duration.ofMinutes(1)).negated());

        assertThat(relay.recovered(A, old, true)).isEqualTo(CopyOutcome.DELIVERED);
    }

    @Test
    void aRecoveredCopyOfAMessageAlreadyDeliveredIsADuplicate() {
        f.activateCapable(A, B);
        SignedMessage m = f.next(ORIGIN);
        relay.received(B, m, 1, true);

        assertThat(relay.recovered(A, m, true)).isEqualTo(CopyOutcome.DUPLICATE);
        assertThat(f.delivered).hasSize(1);
    }

    @Test
    void aRecoveredMessageWithABadSignatureIsInvalid() {
        SignedMessage m = f.next(ORIGIN);
        SignedMessage forged = SignedMessage.fromWire(ORIGIN.nodeId().publicKey(), m.topic(), m.sequence(),
                m.timestamp().toEpochMilli(), m.payload(), new byte[64], 1024);

        assertThat(relay.recovered(A, forged, false)).isEqualTo(CopyOutcome.INVALID);
        assertThat(f.delivered).isEmpty();
    }

    @Test
    void aMessageRememberedFromBeforeARestartIsADuplicateWhenItArrivesAgain() {
        f.activateCapable(A);
        SignedMessage m = f.next(ORIGIN);

        relay.rememberDelivered(m.id(), f.clock.instant());

        assertThat(relay.received(A, m, 1, true)).isEqualTo(CopyOutcome.DUPLICATE);
        assertThat(f.delivered).isEmpty();
    }
}
