package dev.overlay.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.relay.MessageId;
import java.util.List;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    private static SyncItem item(long a, long b, long c, long d) {
        return new SyncItem(1, new MessageId(a, b, c, d));
    }

    @Test
    void doesNotDependOnOrder() {
        SyncItem x = item(1, 2, 3, 4);
        SyncItem y = item(-1, -2, -3, -4);
        assertThat(Fingerprint.of(List.of(x, y))).isEqualTo(Fingerprint.of(List.of(y, x)));
    }

    @Test
    void carriesBetweenTheWordsOfTheSum() {
        // 0x00..00FF..FF + 1 == 0x00..01 00..00: the same 256-bit sum, so the same fingerprint.
        SyncItem allOnesLow = item(0, -1, -1, -1);
        SyncItem one = item(0, 0, 0, 1);
        SyncItem carried = item(1, 0, 0, 0);
        SyncItem zero = item(0, 0, 0, 0);
        assertThat(Fingerprint.of(List.of(allOnesLow, one))).isEqualTo(Fingerprint.of(List.of(carried, zero)));
    }

    @Test
    void countsItems() {
        SyncItem zero = item(0, 0, 0, 0);
        assertThat(Fingerprint.of(List.of(zero))).isNotEqualTo(Fingerprint.of(List.of()));
    }

    @Test
    void theBoundBetweenTwoItemsIsAboveTheFirstAndAtMostTheSecond() {
        SyncItem first = new SyncItem(5, new MessageId(0x1234_0000_0000_0000L, 7, 0, 0));
        SyncItem second = new SyncItem(5, new MessageId(0x1235_0000_0000_0000L, 0, 0, 1));

        SyncItem bound = SyncItem.between(first, second);

        assertThat(bound).isGreaterThan(first).isLessThanOrEqualTo(second);
        assertThat(bound.idPrefix()).hasSize(2);
        assertThat(SyncItem.ofPrefix(5, bound.idPrefix())).isEqualTo(bound);
    }

    @Test
    void itemsOfDifferentTimesAreSplitByTheTimeAlone() {
        SyncItem bound = SyncItem.between(new SyncItem(5, new MessageId(9, 9, 9, 9)),
                new SyncItem(6, new MessageId(1, 1, 1, 1)));
        assertThat(bound).isEqualTo(SyncItem.bound(6));
        assertThat(bound.idPrefix()).isEmpty();
    }
}
