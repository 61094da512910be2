package dev.overlay.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.peer.Endpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The livecache keeps recently gossiped endpoints, nearest first, for a bounded time and number. */
class LivecacheTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Endpoint A = Endpoint.parse("192.0.2.1:51235");
    private static final Endpoint B = Endpoint.parse("192.0.2.2:51235");
    private static final Endpoint C = Endpoint.parse("192.0.2.3:51235");

    private final Livecache livecache = new Livecache(2, TTL, new SplittableRandom(1));

    @Test
    void freshEndpointsComeNearestFirst() {
        livecache.add(new HeardEndpoint(A, 3), T0);
        livecache.add(new HeardEndpoint(B, 1), T0);

        assertThat(livecache.fresh(T0)).containsExactly(new HeardEndpoint(B, 1), new HeardEndpoint(A, 3));
    }

    @Test
    void anEndpointHeardAgainKeepsItsFewestHopsAndANewExpiry() {
        livecache.add(new HeardEndpoint(A, 1), T0);
        livecache.add(new HeardEndpoint(A, 4), T0.plusSeconds(20));

        assertThat(livecache.fresh(T0.plusSeconds(40))).containsExactly(new HeardEndpoint(A, 1));
    }

    @Test
    void anEndpointExpiresAfterItsTimeToLive() {
        livecache.add(new HeardEndpoint(A, 1), T0);

        assertThat(livecache.fresh(T0.plus(TTL).minusMillis(1))).hasSize(1);
        assertThat(livecache.fresh(T0.plus(TTL))).isEmpty();
    }

    @Test
    void aFullCacheDropsTheNewEntryRatherThanAFresherOne() {
        livecache.add(new HeardEndpoint(A, 1), T0);
        livecache.add(new HeardEndpoint(B, 1), T0);

        livecache.add(new HeardEndpoint(C, 0), T0.plusSeconds(1));

        assertThat(livecache.fresh(T0.plusSeconds(1))).extracting(HeardEndpoint::endpoint).containsExactly(A, B);
    }

    @Test
    void aFullCacheMakesRoomOnceEntriesHaveExpired() {
        livecache.add(new HeardEndpoint(A, 1), T0);
        livecache.add(new HeardEndpoint(B, 1), T0);

        livecache.add(new HeardEndpoint(C, 2), T0.plus(TTL));

        assertThat(livecache.fresh(T0.plus(TTL))).containsExactly(new HeardEndpoint(C, 2));
    }

    @Test
    void endpointsAtTheSameDistanceComeInAnOrderEachCacheDrawsForItself() {
        List<Endpoint> endpoints = IntStream.rangeClosed(1, 20)
                .mapToObj(i -> Endpoint.parse("192.0.2." + i + ":51235")).toList();

        List<Endpoint> first = sameDistanceOrder(endpoints, 1);

        assertThat(first).containsExactlyInAnyOrderElementsOf(endpoints);
        assertThat(sameDistanceOrder(endpoints, 1)).isEqualTo(first);
        assertThat(sameDistanceOrder(endpoints, 2)).isNotEqualTo(first);
    }

    private static List<Endpoint> sameDistanceOrder(List<Endpoint> endpoints, long seed) {
        Livecache cache = new Livecache(100, TTL, new SplittableRandom(seed));
        endpoints.forEach(e -> cache.add(new HeardEndpoint(e, 2), T0));
        return cache.fresh(T0).stream().map(HeardEndpoint::endpoint).toList();
    }

    @Test
    void readingNearestFirstGivesEveryFreshEndpointOnceNearestFirst() {
        Livecache cache = new Livecache(100, TTL, new SplittableRandom(1));
        IntStream.rangeClosed(1, 30).forEach(i ->
                cache.add(new HeardEndpoint(Endpoint.parse("192.0.2." + i + ":51235"), 1 + i % 3), T0));
        cache.add(new HeardEndpoint(A, 1), T0.minus(TTL));

        List<HeardEndpoint> read = new ArrayList<>();
        cache.nearestFirst(T0.plusSeconds(1), new SplittableRandom(5)).forEach(read::add);

        assertThat(read).containsExactlyInAnyOrderElementsOf(cache.fresh(T0.plusSeconds(1)))
                .isSortedAccordingTo(Comparator.comparingInt(HeardEndpoint::hops))
                .doesNotContain(new HeardEndpoint(A, 1));
    }

    @Test
    void successiveReadsStartAtDifferentEndpointsOfTheSameDistance() {
        Livecache cache = new Livecache(100, TTL, new SplittableRandom(1));
        IntStream.rangeClosed(1, 30).forEach(i ->
                cache.add(new HeardEndpoint(Endpoint.parse("192.0.2." + i + ":51235"), 1), T0));
        SplittableRandom start = new SplittableRandom(5);

        Set<HeardEndpoint> firsts = new HashSet<>();
        for (int read = 0; read < 10; read++) {
            firsts.add(cache.nearestFirst(T0, start).iterator().next());
        }

        assertThat(firsts).hasSizeGreaterThan(5);
    }

    @Test
    void anEndpointHeardNearerMovesAheadOfFartherOnes() {
        livecache.add(new HeardEndpoint(A, 3), T0);
        livecache.add(new HeardEndpoint(B, 2), T0);
        livecache.add(new HeardEndpoint(A, 1), T0.plusSeconds(5));

        assertThat(livecache.fresh(T0.plusSeconds(5))).containsExactly(new HeardEndpoint(A, 1), new HeardEndpoint(B, 2));
    }
}
