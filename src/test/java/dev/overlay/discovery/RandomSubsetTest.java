package dev.overlay.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Gossip's sample of the livecache: distinct elements, at most the maximum, every element as likely. */
class RandomSubsetTest {

    private static final List<Integer> TEN = IntStream.range(0, 10).boxed().toList();

    @Test
    void aSubsetHasTheMaximumSizeAndDistinctElementsOfTheList() {
        List<Integer> picked = RandomSubset.of(TEN, 4, new SplittableRandom(1));

        assertThat(picked).hasSize(4).doesNotHaveDuplicates().isSubsetOf(TEN);
    }

    @Test
    void aMaximumBeyondTheListTakesTheWholeListInSomeOrder() {
        assertThat(RandomSubset.of(TEN, 20, new SplittableRandom(1))).containsExactlyInAnyOrderElementsOf(TEN);
    }

    @Test
    void everyElementIsPickedAboutEquallyOften() {
        SplittableRandom random = new SplittableRandom(7);
        Map<Integer, Integer> counts = new HashMap<>();
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            RandomSubset.of(TEN, 3, random).forEach(e -> counts.merge(e, 1, Integer::sum));
        }

        // Each element is expected 6,000 times (3 of 10 per draw); 5% either way is over 6 standard deviations.
        assertThat(counts.values()).hasSize(10).allSatisfy(c -> assertThat(c).isBetween(5700, 6300));
    }
}
