package dev.overlay.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinkModelTest {

    @Test
    void delayIsTheRegionsDelaySpreadByAtMostTenPercent() {
        LinkModel links = new LinkModel(5, 0, 100, 0, 1);
        for (int a = 0; a < 50; a++) {
            long delay = links.delayMicros(a, 2, a + 100, 4);
            assertThat((double) delay).isCloseTo(150_000, within(15_000.0));
        }
    }

    @Test
    void delayIsTheSameInBothDirectionsAndFixedForAPair() {
        LinkModel links = new LinkModel(5, 0, 100, 0, 1);

        assertThat(links.delayMicros(3, 0, 9, 3)).isEqualTo(links.delayMicros(9, 3, 3, 0));
        assertThat(links.delayMicros(3, 0, 9, 3)).isEqualTo(links.delayMicros(3, 0, 9, 3));
    }

    @Test
    void aUniformDelayReplacesTheRegions() {
        LinkModel links = new LinkModel(5, 20_000, 100, 0, 1);

        assertThat((double) links.delayMicros(1, 0, 2, 4)).isCloseTo(20_000, within(2_000.0));
    }

    @Test
    void framesLeaveANodeOneAfterAnotherAtItsBandwidth() {
        LinkModel links = new LinkModel(1, 0, 8, 0, 1);
        links.ensureNodes(2);

        long first = links.arrival(0, 0, 1000, 5_000);
        long second = links.arrival(0, 0, 1000, 5_000);
        long otherSender = links.arrival(1, 0, 1000, 5_000);

        // 1000 bytes at 8 Mbit/s take 1 ms on the wire.
        assertThat(first).isEqualTo(6_000);
        assertThat(second).isEqualTo(7_000);
        assertThat(otherSender).isEqualTo(6_000);
    }

    @Test
    void aLostFrameArrivesOneRetransmissionTimeoutLater() {
        LinkModel links = new LinkModel(1, 0, 8, 0.999_999, 1);
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
