package dev.overlay.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LinkModelTest {

    @Test
    void delayIsTheRegionsDelaySpreadByAtMostTenPercent() {
        LinkModel links = new LinkModel(5, 0, 0, 0, 100, LinkModel.UplinkService.FIXED, 0, 1);
        for (int a = 0; a < 50; a++) {
            long delay = links.delayMicros(a, 2, a + 100, 4);
            assertThat((double) delay).isCloseTo(150_000, within(15_000.0));
        }
    }

    @Test
    void delayIsTheSameInBothDirectionsAndFixedForAPair() {
        LinkModel links = new LinkModel(5, 0, 0, 0, 100, LinkModel.UplinkService.FIXED, 0, 1);

        assertThat(links.delayMicros(3, 0, 9, 3)).isEqualTo(links.delayMicros(9, 3, 3, 0));
        assertThat(links.delayMicros(3, 0, 9, 3)).isEqualTo(links.delayMicros(3, 0, 9, 3));
    }

    @Test
    void aUniformDelayReplacesTheRegions() {
        LinkModel links = new LinkModel(5, 20_000, 0, 0, 100, LinkModel.UplinkService.FIXED, 0, 1);

        assertThat((double) links.delayMicros(1, 0, 2, 4)).isCloseTo(20_000, within(2_000.0));
    }

    @Test
    void framesLeaveANodeOneAfterAnotherAtItsBandwidth() {
        LinkModel links = new LinkModel(1, 0, 0, 0, 8, LinkModel.UplinkService.FIXED, 0, 1);
        links.ensureNodes(2);

        long first = links.arrival(0, 0, 1000, 5_000);
        long second = links.arrival(0, 0, 1000, 5_000);
        long otherSender = links.arrival(1, 0, 1000, 5_000);

        // 1000 bytes at 8 Mbit/s take 1 ms on the wire.
        assertThat(first).isEqualTo(6_000);
        assertThat(second).isEqualTo(7_000);
        assertThat(otherSender).isEqualTo(6_000);
    }

    /**
     * Sends {@code frames} frames a second apart, so none waits for another; returns each one's time
     * beyond its delay.
     */
    private static long[] isolatedFrameTimes(LinkModel links, int frames, int bytes, long delay) {
        links.ensureNodes(1);
        long[] times = new long[frames];
        for (int i = 0; i < frames; i++) {
            long now = i * 1_000_000L;
            times[i] = links.arrival(0, now, bytes, delay) - now - delay;
        }
        return times;
    }

    @Test
    void anExponentialUplinkTakesARandomTimePerFrameWithTheFixedTimeAsItsMean() {
        LinkModel links = new LinkModel(1, 0, 0, 0, 8, LinkModel.UplinkService.EXPONENTIAL, 0, 1);

        long[] times = isolatedFrameTimes(links, 20_000, 1000, 0);

        // 1000 bytes at 8 Mbit/s take 1 ms on average; the standard error of 20,000 draws is 0.7%.
        assertThat(Arrays.stream(times).average().orElseThrow()).isCloseTo(1_000, within(50.0));
        assertThat(Arrays.stream(times).min().orElseThrow()).isLessThan(100);
        assertThat(Arrays.stream(times).max().orElseThrow()).isGreaterThan(5_000);
    }

    @Test
    void framesOnAnExponentialUplinkStillLeaveOneAfterAnother() {
        LinkModel links = new LinkModel(1, 0, 0, 0, 8, LinkModel.UplinkService.EXPONENTIAL, 0, 1);
        links.ensureNodes(1);
        long previous = 0;
        for (int i = 0; i < 100; i++) {
            long at = links.arrival(0, 0, 1000, 0);
            assertThat(at).isGreaterThanOrEqualTo(previous);
            previous = at;
        }
    }

    @Test
    void queueingJitterAddsAnExponentialDelayWithTheGivenMean() {
        LinkModel links = new LinkModel(1, 0, 2_000, 0, 1_000_000, LinkModel.UplinkService.FIXED, 0, 1);

        long[] extra = isolatedFrameTimes(links, 20_000, 1, 5_000);

        assertThat(Arrays.stream(extra).min().orElseThrow()).isNotNegative();
        // The standard error of the mean of 20,000 exponentials is 0.7% of the mean; 5% is far outside it.
        assertThat(Arrays.stream(extra).average().orElseThrow()).isCloseTo(2_000, within(100.0));
    }

    @Test
    void aNodeProcessesCopiesOneAfterAnother() {
        LinkModel links = new LinkModel(1, 0, 0, 300, 100, LinkModel.UplinkService.FIXED, 0, 1);
        links.ensureNodes(2);

        long first = links.processed(1, 1_000);
        long second = links.processed(1, 1_100);
        long afterIdle = links.processed(1, 5_000);
        long otherNode = links.processed(0, 1_100);

        assertThat(first).isEqualTo(1_300);
        assertThat(second).isEqualTo(1_600);
        assertThat(afterIdle).isEqualTo(5_300);
        assertThat(otherNode).isEqualTo(1_400);
    }

    @Test
    void aLostFrameArrivesOneRetransmissionTimeoutLater() {
        LinkModel links = new LinkModel(1, 0, 0, 0, 8, LinkModel.UplinkService.FIXED, 0.999_999, 1);
        links.ensureNodes(1);

        assertThat(links.arrival(0, 0, 1000, 5_000)).isEqualTo(6_000 + LinkModel.MIN_RETRANSMIT_MICROS);
    }

    @Test
    void framesOnOneConnectionArriveInTheOrderTheyWereSent() {
        SimConnection connection = new SimConnection(0, 1, 5_000);

        long delayed = connection.inOrder(0, 300_000);
        long next = connection.inOrder(0, 10_000);
        long otherDirection = connection.inOrder(1, 10_000);

        assertThat(delayed).isEqualTo(300_000);
        assertThat(next).isEqualTo(300_000);
        assertThat(otherDirection).isEqualTo(10_000);
    }
}
