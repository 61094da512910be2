package dev.overlay.relay;

import static dev.overlay.relay.RelayFixture.A;
import static dev.overlay.relay.RelayFixture.B;
import static dev.overlay.relay.RelayFixture.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Corner cases found by review: replay, clock-ahead senders, cache bounds. */
class RelayEdgeCasesTest {

    @Test
    void unsquelchDoesNotReplayACopyThePeerHasSinceDeliveredToUs() {
        RelayFixture f = new RelayFixture();
        f.activateCapable(A, B);
        f.relay.squelchRequested(A, ORIGIN.nodeId(), true, Duration.ofSeconds(60));
        SignedMessage m = f.next(ORIGIN);
        f.relay.received(B, m, 1, true);
        f.relay.received(A, m, 1, true);

        f.relay.squelchRequested(A, ORIGIN.nodeId(), false, Duration.ZERO);

        assertThat(f.output.sentTo(A, m)).isFalse();
        assertThat(f.relay.counters().replayed.sum()).isZero();
    }

    @Test
    void messageStampedAheadIsNotDeliveredAgainAfterItsIdIsEvicted() {
        RelayFixture f = new RelayFixture();
        f.activateCapable(A, B);
        SignedMessage m = f.stamped(ORIGIN, RelayFixture.MAX_MESSAGE_AGE);
        f.relay.received(A, m, 1, true);

        f.clock.advance(RelayFixture.SEEN_CACHE_AGE.plusMillis(1));
        f.relay.tick();
        f.relay.received(B, m, 1, true);

        assertThat(f.delivered).hasSize(1);
        assertThat(f.relay.counters().expired.sum()).isEqualTo(1);
    }

    @Test
    void settingsRejectAMessageAgeAboveHalfTheSeenCacheAge() {
        Duration fiveMinutes = Duration.ofMinutes(5);

        assertThatThrownBy(() -> new RelaySettings(true, 2, 3, Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(10), Duration.ofSeconds(10), 10_000, fiveMinutes, fiveMinutes, 5, 1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("half the seen-cache age");
    }

    @Test
    void evictKeepsACacheThatHoldsExactlyMaxEntries() {
        SeenCache cache = new SeenCache(3, Duration.ofMinutes(5));
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        for (int n = 1; n <= 3; n++) {
            cache.add(new MessageId(n, n, n, n), now);
        }

        cache.evict(now);

        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void unverifiedCopyWhoseIdIsNoLongerSeenIsVerifiedBeforeDelivery() {
        RelayFixture f = new RelayFixture();
        f.activateCapable(A, B);
        SignedMessage genuine = f.next(ORIGIN);
        SignedMessage forged = SignedMessage.fromWire(genuine.origin().publicKey(), genuine.topic(),
                genuine.sequence(), genuine.timestamp().toEpochMilli(), genuine.payload(),
                new byte[64], 1024);

        f.relay.received(A, forged, 1, false);

        assertThat(f.delivered).isEmpty();
        assertThat(f.relay.counters().invalid.sum()).isEqualTo(1);
    }
}
