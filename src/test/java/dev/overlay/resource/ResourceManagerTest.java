package dev.overlay.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourceManagerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

    private ResourceManager manager(boolean exemptLoopback) {
        return new ResourceManager(new ResourceSettings(5000, 25000, Duration.ofSeconds(32), Duration.ofMinutes(30),
                exemptLoopback, Set.of("10.0.0.99"), Set.of()), clock);
    }

    @Test
    void chargesBelowTheWarningThresholdAreOk() {
        assertThat(manager(false).charge("10.0.0.1", Fee.INVALID_SIGNATURE)).isEqualTo(ChargeOutcome.OK);
    }

    @Test
    void crossingTheWarningThresholdWarnsOnce() {
        ResourceManager manager = manager(false);
        manager.charge("10.0.0.1", Fee.INVALID_SIGNATURE);
        manager.charge("10.0.0.1", Fee.INVALID_SIGNATURE);

        assertThat(manager.charge("10.0.0.1", Fee.INVALID_SIGNATURE)).isEqualTo(ChargeOutcome.WARN);
        assertThat(manager.charge("10.0.0.1", Fee.INVALID_SIGNATURE)).isEqualTo(ChargeOutcome.OK);
        assertThat(manager.counters().warnings.sum()).isEqualTo(1);
    }

    @Test
    void crossingTheDropThresholdDropsAndStartsTheBalanceOver() {
        ResourceManager manager = manager(false);
        ChargeOutcome last = ChargeOutcome.OK;
        int charges = 0;
        while (last != ChargeOutcome.DROP) {
            last = manager.charge("10.0.0.1", Fee.INVALID_SIGNATURE);
            charges++;
        }

        assertThat(charges).isEqualTo(13);
        assertThat(manager.consumers().get(0).balance()).isZero();
        assertThat(manager.counters().drops.sum()).isEqualTo(1);
    }

    @Test
    void balanceDecaysWithTime() {
        ResourceManager manager = manager(false);
        manager.charge("10.0.0.1", Fee.INVALID_SIGNATURE);

        clock.advance(Duration.ofSeconds(32));

        assertThat(manager.consumers().get(0).balanceAt(clock.instant(), Duration.ofSeconds(32)))
                .isBetween(700.0, 760.0);
    }

    @Test
    void dropBansTheAddressUntilTheBanEnds() {
        ResourceManager manager = manager(false);

        assertThat(manager.banAfterDrop("10.0.0.1", "test")).isPresent();
        assertThat(manager.isBanned("10.0.0.1")).isTrue();
        clock.advance(Duration.ofMinutes(30).plusSeconds(1));
        assertThat(manager.isBanned("10.0.0.1")).isFalse();
    }

    @Test
    void exemptAddressesAndLoopbackAreNeverBanned() {
        ResourceManager manager = manager(true);

        assertThat(manager.banAfterDrop("10.0.0.99", "test")).isEmpty();
        assertThat(manager.banAfterDrop("127.0.0.1", "test")).isEmpty();
        assertThat(manager.banAfterDrop("::1", "test")).isEmpty();
        assertThat(manager.banAfterDrop("10.0.0.2", "test")).isPresent();
    }

    @Test
    void pruneForgetsDecayedConsumersAndEndedBans() {
        ResourceManager manager = manager(false);
        manager.charge("10.0.0.1", Fee.BAD_ENDPOINT);
        manager.banAfterDrop("10.0.0.2", "test");

        clock.advance(Duration.ofHours(1));
        manager.prune();

        assertThat(manager.consumers()).isEmpty();
        assertThat(manager.bans()).isEmpty();
    }
}
