package dev.overlay.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.SourceAddress;
import dev.overlay.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourceManagerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

    private static SourceAddress source(String text) {
        return SourceAddress.parse(text);
    }

    private ResourceManager manager(boolean exemptLoopback) {
        return new ResourceManager(new ResourceSettings(5000, 25000, Duration.ofSeconds(32), Duration.ofMinutes(30),
                exemptLoopback, Set.of(source("10.0.0.99"), source("2001:db8:99::1")), Set.of()), clock);
    }

    @Test
    void chargeReportsTheBalanceItLeaves() {
        ResourceManager manager = manager(false);
        manager.charge(source("10.0.0.1"), Fee.INVALID_SIGNATURE);

        assertThat(manager.charge(source("10.0.0.1"), Fee.BAD_ENDPOINT).balance()).isEqualTo(2050.0);
    }

    @Test
    void chargesBelowTheWarningThresholdAreOk() {
        assertThat(manager(false).charge(source("10.0.0.1"), Fee.INVALID_SIGNATURE).outcome()).isEqualTo(ChargeOutcome.OK);
    }

    @Test
    void crossingTheWarningThresholdWarnsOnce() {
        ResourceManager manager = manager(false);
        manager.charge(source("10.0.0.1"), Fee.INVALID_SIGNATURE);
        manager.charge(source("10.0.0.1"), Fee.INVALID_SIGNATURE);

        assertThat(manager.charge(source("10.0.0.1"), Fee.INVALID_SIGNATURE).outcome()).isEqualTo(ChargeOutcome.WARN);
        assertThat(manager.charge(source("10.0.0.1"), Fee.INVALID_SIGNATURE).outcome()).isEqualTo(ChargeOutcome.OK);
        assertThat(manager.counters().warnings.sum()).isEqualTo(1);
    }

    @Test
    void aBalanceHoveringAroundTheWarningThresholdIsWarnedOnce() {
        ResourceManager manager = manager(false);
        for (int i = 0; i < 100; i++) {
            manager.charge(source("10.0.0.1"), Fee.REPEATED_MESSAGE);
        }

        for (int i = 0; i < 20; i++) {
            // At the threshold 50 units decay in about 0.32 s: the balance dips below it between
            // charges and each charge crosses it again.
            clock.advance(Duration.ofMillis(300));
            assertThat(manager.charge(source("10.0.0.1"), Fee.REPEATED_MESSAGE).outcome()).isEqualTo(ChargeOutcome.OK);
        }
        assertThat(manager.counters().warnings.sum()).isEqualTo(1);
    }

    @Test
    void aWarnedSourceIsWarnedAgainOnceItsBalanceFellWellBelowTheThreshold() {
        ResourceManager manager = manager(false);
        for (int i = 0; i < 3; i++) {
            manager.charge(source("10.0.0.1"), Fee.INVALID_SIGNATURE);
        }

        clock.advance(Duration.ofSeconds(20));

        assertThat(manager.charge(source("10.0.0.1"), Fee.INVALID_SIGNATURE).outcome()).isEqualTo(ChargeOutcome.WARN);
        assertThat(manager.counters().warnings.sum()).isEqualTo(2);
    }

    @Test
    void crossingTheDropThresholdDropsAndStartsTheBalanceOver() {
        ResourceManager manager = manager(false);
        ChargeOutcome last = ChargeOutcome.OK;
        int charges = 0;
        while (last != ChargeOutcome.DROP) {
            last = manager.charge(source("10.0.0.1"), Fee.INVALID_SIGNATURE).outcome();
            charges++;
        }

        assertThat(charges).isEqualTo(13);
        assertThat(manager.consumers().get(0).balance()).isZero();
        assertThat(manager.counters().drops.sum()).isEqualTo(1);
    }

    @Test
    void aPeerWhoseNodeIdIsExemptIsSparedAndNoDropIsCounted() {
        NodeId exempt = new NodeId("e".repeat(64));
        ResourceManager manager = new ResourceManager(new ResourceSettings(5000, 25000, Duration.ofSeconds(32),
                Duration.ofMinutes(30), false, Set.of(), Set.of(exempt.hex())), clock);
        ChargeOutcome last = ChargeOutcome.OK;
        for (int charges = 0; charges < 13; charges++) {
            last = manager.charge(source("10.0.0.1"), Optional.of(exempt), Fee.INVALID_SIGNATURE).outcome();
        }

        assertThat(last).isEqualTo(ChargeOutcome.SPARED);
        assertThat(manager.counters().drops.sum()).isZero();
        assertThat(manager.consumers()).singleElement().satisfies(c -> assertThat(c.drops()).isZero());
    }

    @Test
    void balanceDecaysWithTime() {
        ResourceManager manager = manager(false);
        manager.charge(source("10.0.0.1"), Fee.INVALID_SIGNATURE);

        clock.advance(Duration.ofSeconds(32));

        assertThat(manager.consumers().get(0).balanceAt(clock.instant(), Duration.ofSeconds(32)))
                .isBetween(700.0, 760.0);
    }

    @Test
    void dropBansTheAddressUntilTheBanEnds() {
        ResourceManager manager = manager(false);

        assertThat(manager.banAfterDrop(source("10.0.0.1"), "test")).isPresent();
        assertThat(manager.isBanned(source("10.0.0.1"))).isTrue();
        clock.advance(Duration.ofMinutes(30).plusSeconds(1));
        assertThat(manager.isBanned(source("10.0.0.1"))).isFalse();
    }

    @Test
    void exemptAddressesAndLoopbackAreNeverBanned() {
        ResourceManager manager = manager(true);

        assertThat(manager.banAfterDrop(source("10.0.0.99"), "test")).isEmpty();
        assertThat(manager.banAfterDrop(source("127.0.0.1"), "test")).isEmpty();
        assertThat(manager.banAfterDrop(source("::1"), "test")).isEmpty();
        assertThat(manager.banAfterDrop(source("10.0.0.2"), "test")).isPresent();
    }

    @Test
    void pruneForgetsDecayedConsumersAndEndedBans() {
        ResourceManager manager = manager(false);
        manager.charge(source("10.0.0.1"), Fee.BAD_ENDPOINT);
        manager.banAfterDrop(source("10.0.0.2"), "test");

        clock.advance(Duration.ofHours(1));
        manager.prune();

        assertThat(manager.consumers()).isEmpty();
        assertThat(manager.bans()).isEmpty();
    }

    @Test
    void chargesToAddressesOfOneIpv6Slash64AddUpInOneBalance() {
        ResourceManager manager = manager(false);
        manager.charge(source("2001:db8:1:2::1"), Fee.INVALID_SIGNATURE);
        manager.charge(source("2001:db8:1:2::2"), Fee.INVALID_SIGNATURE);

        assertThat(manager.charge(source("2001:db8:1:2:ffff:ffff:ffff:ffff"), Fee.INVALID_SIGNATURE).outcome())
                .isEqualTo(ChargeOutcome.WARN);
        assertThat(manager.consumers()).singleElement()
                .satisfies(c -> assertThat(c.address().toString()).isEqualTo("2001:db8:1:2::/64"));
    }

    @Test
    void neighbouringIpv6Slash64sAndIpv4AddressesKeepSeparateBalances() {
        ResourceManager manager = manager(false);
        manager.charge(source("2001:db8:1:2::1"), Fee.INVALID_SIGNATURE);
        manager.charge(source("2001:db8:1:3::1"), Fee.INVALID_SIGNATURE);
        manager.charge(source("10.0.0.1"), Fee.INVALID_SIGNATURE);
        manager.charge(source("10.0.0.2"), Fee.INVALID_SIGNATURE);

        assertThat(manager.consumers()).extracting(c -> c.address().toString()).containsExactlyInAnyOrder(
                "2001:db8:1:2::/64", "2001:db8:1:3::/64", "10.0.0.1", "10.0.0.2");
    }

    @Test
    void banOfAnIpv6AddressCoversEveryAddressOfItsSlash64() {
        ResourceManager manager = manager(false);

        manager.banAfterDrop(source("2001:db8:1:2::1"), "test");

        assertThat(manager.isBanned(source("2001:db8:1:2:abcd::9"))).isTrue();
        assertThat(manager.isBanned(source("2001:db8:1:3::1"))).isFalse();
    }

    @Test
    void ipv4MappedAddressIsChargedAndBannedAsItsIpv4Address() {
        ResourceManager manager = manager(false);
        manager.banAfterDrop(source("10.0.0.7"), "test");

        assertThat(manager.isBanned(source("::ffff:10.0.0.7"))).isTrue();
        assertThat(manager.isBanned(source("10.0.0.8"))).isFalse();
    }

    @Test
    void anExemptIpv6AddressExemptsItsSlash64() {
        assertThat(manager(false).banAfterDrop(source("2001:db8:99::2"), "test")).isEmpty();
    }
}
