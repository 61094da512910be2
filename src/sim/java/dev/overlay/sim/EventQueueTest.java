package dev.overlay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    private final EventQueue queue = new EventQueue();

    private List<Integer> drainFirstArguments() {
        List<Integer> order = new ArrayList<>();
        while (!queue.isEmpty()) {
            queue.poll();
            order.add(queue.polledA);
        }
        return order;
    }

    @Test
    void eventsComeOutInTimeOrder() {
        queue.add(30, 0, 3, 0, 0, 0, null);
        queue.add(10, 0, 1, 0, 0, 0, null);
        queue.add(20, 0, 2, 0, 0, 0, null);

        assertThat(drainFirstArguments()).containsExactly(1, 2, 3);
    }

    @Test
    void eventsDueAtTheSameTimeComeOutInTheOrderTheyWereAdded() {
        for (int i = 0; i < 100; i++) {
            queue.add(5, 0, i, 0, 0, 0, null);
        }

        assertThat(drainFirstArguments()).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100).boxed().toList());
    }

    @Test
    void aPolledEventCarriesEveryFieldItWasAddedWith() {
        Object attachment = new Object();
        queue.add(7, 3, 11, 12, 13, 14, attachment);

        queue.poll();

        assertThat(List.of(queue.polledTime, (long) queue.polledKind, (long) queue.polledA, (long) queue.polledB,
                (long) queue.polledC, (long) queue.polledD)).containsExactly(7L, 3L, 11L, 12L, 13L, 14L);
        assertThat(queue.polledRef).isSameAs(attachment);
    }

    @Test
    void manyInterleavedEventsStayOrderedAcrossGrowthAndReuseOfSlots() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        List<long[]> polled = new ArrayList<>();
        long added = 0;
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 200; i++) {
                queue.add(random.nextLong(1000), 0, (int) added++, 0, 0, 0, null);
            }
            for (int i = 0; i < 150; i++) {
                queue.poll();
                polled.add(new long[] {queue.polledTime, queue.polledA});
            }
        }
        while (!queue.isEmpty()) {
            queue.poll();
            polled.add(new long[] {queue.polledTime, queue.polledA});
        }

        assertThat(polled).hasSize((int) added);
        List<long[]> lastRound = polled.subList(polled.size() - 2500, polled.size());
        for (int i = 1; i < lastRound.size(); i++) {
            long[] before = lastRound.get(i - 1);
            long[] after = lastRound.get(i);
            assertThat(before[0] < after[0] || (before[0] == after[0] && before[1] < after[1])).isTrue();
        }
    }
}
