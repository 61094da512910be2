package dev.overlay.relay;

import dev.overlay.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeId;
import dev.overlay.identity.NodeKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeenCacheTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final NodeId PEER_A = NodeKey.generate(RANDOM).nodeId();
    private static final NodeId PEER_B = NodeKey.generate(RANDOM).nodeId();
    private static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

    private static MessageId id(int n) {
        return new MessageId(n, 0, 0, n);
    }

    @Test
    void containsAnIdOnceAdded() {
        SeenCache cache = new SeenCache(10, MAX_AGE);

        assertThat(cache.contains(id(1))).isFalse();
        cache.add(id(1), clock.instant());

        assertThat(cache.contains(id(1))).isTrue();
        assertThat(cache.contains(id(2))).isFalse();
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get(id(1))).isNotNull();
    }

    @Test
    void addingBeyondMaxEntriesEvictsTheOldest() {
        SeenCache cache = new SeenCache(3, MAX_AGE);
        for (int n = 1; n <= 4; n++) {
            cache.add(id(n), clock.instant());
            clock.advance(Duration.ofMillis(1));
        }

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.contains(id(1))).isFalse();
        assertThat(cache.contains(id(2))).isTrue();
        assertThat(cache.contains(id(3))).isTrue();
        assertThat(cache.contains(id(4))).isTrue();
    }

    @Test
    void anEntryOlderThanMaxAgeIsEvictedOnTheNextAdd() {
        SeenCache cache = new SeenCache(10, MAX_AGE);
        cache.add(id(1), clock.instant());
        clock.advance(Duration.ofMinutes(3));
        cache.add(id(2), clock.instant());

        clock.advance(Duration.ofMinutes(2).plusMillis(1));
        cache.add(id(3), clock.instant());

        assertThat(cache.contains(id(1))).isFalse();
        assertThat(cache.contains(id(2))).isTrue();
        assertThat(cache.contains(id(3))).isTrue();
    }

    @Test
    void anEntryOlderThanMaxAgeIsEvictedByEvict() {
        SeenCache cache = new SeenCache(10, MAX_AGE);
        cache.add(id(1), clock.instant());
        clock.advance(Duration.ofMinutes(1));
        cache.add(id(2), clock.instant());

        clock.advance(MAX_AGE.minusMinutes(1).plusMillis(1));
        cache.evict(clock.instant());

        assertThat(cache.contains(id(1))).isFalse();
        assertThat(cache.contains(id(2))).isTrue();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void anEntryExactlyMaxAgeOldIsKept() {
        SeenCache cache = new SeenCache(10, MAX_AGE);
        cache.add(id(1), clock.instant());

        clock.advance(MAX_AGE);
        cache.evict(clock.instant());

        assertThat(cache.contains(id(1))).isTrue();
    }

    @Test
    void deliveriesAreRecordedPerPeer() {
        SeenCache cache = new SeenCache(10, MAX_AGE);
        SeenCache.Entry entry = cache.add(id(1), clock.instant());

        assertThat(entry.addDelivery(PEER_A)).isTrue();

        assertThat(entry.deliveredBy(PEER_A)).isTrue();
        assertThat(entry.deliveredBy(PEER_B)).isFalse();
    }

    @Test
    void aSecondDeliveryBySamePeerReturnsFalse() {
        SeenCache cache = new SeenCache(10, MAX_AGE);
        SeenCache.Entry entry = cache.add(id(1), clock.instant());
        entry.addDelivery(PEER_A);

        assertThat(entry.addDelivery(PEER_A)).isFalse();
        assertThat(entry.addDelivery(PEER_B)).isTrue();
    }
}
