package dev.overlay.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.peer.Endpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The livecache keeps recently gossiped endpoints, nearest first, for a bounded time and number. */
class LivecacheTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Endpoint A = Endpoint.parse("192.0.2.1:51235");
    private static final Endpoint B = Endpoint.parse("192.0.2.2:51235");
    private static final Endpoint C = Endpoint.parse("192.0.2.3:51235");

    private final Livecache livecache = new Livecache(2, TTL);

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
    void aSampleIsBoundedAndTakenFromTheFreshEndpoints() {
        livecache.add(new HeardEndpoint(A, 1), T0);
        livecache.add(new HeardEndpoint(B, 2), T0);

        assertThat(livecache.sample(1, T0, new SplittableRandom(3))).hasSize(1)
                .allSatisfy(h -> assertThat(h.endpoint()).isIn(A, B));
        assertThat(livecache.sample(5, T0.plus(TTL), new SplittableRandom(3))).isEmpty();
    }

    @Test
    void endpointsAtTheSameDistanceComeInTheOrderOfTheirText() {
        Livecache cache = new Livecache(10, TTL);
        Endpoint nine = Endpoint.parse("192.0.2.9:51235");
        Endpoint ten = Endpoint.parse("192.0.2.10:51235");
        cache.add(new HeardEndpoint(nine, 2), T0);
        cache.add(new HeardEndpoint(ten, 2), T0);
        cache.add(new HeardEndpoint(A, 2), T0);

        // Text order, not numeric: "192.0.2.10:" sorts before "192.0.2.1:" since '0' comes before ':'.
        assertThat(cache.fresh(T0)).extracting(HeardEndpoint::endpoint).containsExactly(ten, A, nine);
    }

    @Test
    void anEndpointHeardNearerMovesAheadOfFartherOnes() {
        livecache.add(new HeardEndpoint(A, 3), T0);
        livecache.add(new HeardEndpoint(B, 2), T0);
        livecache.add(new HeardEndpoint(A, 1), T0.plusSeconds(5));

        assertThat(livecache.fresh(T0.plusSeconds(5))).containsExactly(new HeardEndpoint(A, 1), new HeardEndpoint(B, 2));
    }
}
