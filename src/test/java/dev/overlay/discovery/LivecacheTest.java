package dev.overlay.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.peer.Endpoint;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LivecacheTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(30);

    private static HeardEndpoint heard(String endpoint, int hops) {
        return new HeardEndpoint(Endpoint.parse(endpoint), hops);
    }

    @Test
    void freshEndpointsComeNearestFirstThenByEndpointText() {
        Livecache cache = new Livecache(10, TTL);
        cache.add(heard("192.0.2.9:51235", 2), T0);
        cache.add(heard("192.0.2.10:51235", 1), T0);
        cache.add(heard("192.0.2.1:51235", 2), T0);

        assertThat(cache.fresh(T0)).containsExactly(heard("192.0.2.10:51235", 1), heard("192.0.2.1:51235", 2),
                heard("192.0.2.9:51235", 2));
    }

    @Test
    void anEndpointHeardAgainKeepsTheFewestHopsAndANewExpiry() {
        Livecache cache = new Livecache(10, TTL);
        cache.add(heard("192.0.2.1:51235", 3), T0);
        cache.add(heard("192.0.2.1:51235", 1), T0.plusSeconds(20));
        cache.add(heard("192.0.2.1:51235", 4), T0.plusSeconds(25));

        assertThat(cache.fresh(T0.plusSeconds(40))).containsExactly(heard("192.0.2.1:51235", 1));
        assertThat(cache.fresh(T0.plusSeconds(55))).isEmpty();
    }

    @Test
    void expiredEndpointsAreNeitherFreshNorKept() {
        Livecache cache = new Livecache(10, TTL);
        cache.add(heard("192.0.2.1:51235", 1), T0);
        cache.add(heard("192.0.2.2:51235", 1), T0.plusSeconds(10));

        cache.expire(T0.plusSeconds(30));

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.fresh(T0.plusSeconds(30))).containsExactly(heard("192.0.2.2:51235", 1));
    }

    @Test
    void aFullCacheDropsANewEndpointUntilAnEntryExpires() {
        Livecache cache = new Livecache(2, TTL);
        cache.add(heard("192.0.2.1:51235", 1), T0);
        cache.add(heard("192.0.2.2:51235", 1), T0.plusSeconds(10));

        cache.add(heard("192.0.2.3:51235", 0), T0.plusSeconds(20));
        assertThat(cache.fresh(T0.plusSeconds(20))).extracting(HeardEndpoint::endpoint)
                .doesNotContain(Endpoint.parse("192.0.2.3:51235"));

        cache.add(heard("192.0.2.3:51235", 0), T0.plusSeconds(30));
        assertThat(cache.fresh(T0.plusSeconds(30))).containsExactly(heard("192.0.2.3:51235", 0),
                heard("192.0.2.2:51235", 1));
    }
}
