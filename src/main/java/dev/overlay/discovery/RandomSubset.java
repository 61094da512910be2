package dev.overlay.discovery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A uniformly random subset of a list, in random order, drawn in time proportional to its size rather
 * than the list's (Floyd's algorithm): gossip samples a few endpoints of a livecache that may hold a
 * thousand, once per peer.
 */
final class RandomSubset {

    private RandomSubset() {
    }

    static <T> List<T> of(List<T> from, int max, RandomGenerator random) {
        int n = from.size();
        List<T> picked = new ArrayList<>(Math.min(max, n));
        if (max >= n) {
            picked.addAll(from);
        } else {
            Set<Integer> indexes = new HashSet<>();
            for (int j = n - max; j < n; j++) {
                int t = random.nextInt(j + 1);
                indexes.add(indexes.contains(t) ? j : t);
            }
            indexes.forEach(i -> picked.add(from.get(i)));
        }
        Collections.shuffle(picked, new Random(random.nextLong()));
        return picked;
    }
}
