package dev.overlay.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    /** Always draws the largest value allowed, so the delay is the ceiling itself. */
    private static final RandomGenerator HIGHEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    /** Always draws zero, so the delay is half the ceiling. */
    private static final RandomGenerator LOWEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
            return 0;
        }
    };

    @ParameterizedTest(name = "failure {0}: ceiling {1} ms")
    @CsvSource({"1, 1000", "2, 2000", "3, 4000", "4, 8000", "8, 128000", "9, 256000"})
    void ceilingDoublesWithEachConsecutiveFailure(int failures, long ceilingMillis) {
        assertThat(BACKOFF.delay(failures, HIGHEST)).isEqualTo(Duration.ofMillis(ceilingMillis));
        assertThat(BACKOFF.delay(failures, LOWEST)).isEqualTo(Duration.ofMillis(ceilingMillis / 2));
    }

    @ParameterizedTest(name = "failure {0}")
    @CsvSource({"10", "11", "31", "32", "1000", "2147483647"})
    void ceilingIsCappedByTheMaximum(int failures) {
        assertThat(BACKOFF.delay(failures, HIGHEST)).isEqualTo(Duration.ofMinutes(5));
        assertThat(BACKOFF.delay(failures, LOWEST)).isEqualTo(Duration.ofSeconds(150));
    }

    @Test
    void noFailuresYetIsTreatedAsTheFirst() {
        assertThat(BACKOFF.delay(0, HIGHEST)).isEqualTo(Duration.ofSeconds(1));
        assertThat(BACKOFF.delay(-3, HIGHEST)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void delayStaysBetweenHalfTheCeilingAndTheCeiling() {
        SplittableRandom random = new SplittableRandom(42);
        for (int failures = 1; failures <= 40; failures++) {
            long ceiling = Math.min(300_000L, 1000L << Math.min(failures - 1, 30));
            for (int sample = 0; sample < 200; sample++) {
                assertThat(BACKOFF.delay(failures, random).toMillis())
                        .as("failure %d", failures)
                        .isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void jitterSpreadsDelaysAcrossTheRange() {
        SplittableRandom random = new SplittableRandom(7);

        long distinct = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> BACKOFF.delay(5, random)).distinct().count();

        assertThat(distinct).isGreaterThan(50);
    }

    @Test
    void initialEqualToMaxIsAllowedAndNeverGrows() {
        Backoff flat = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(10));

        assertThat(flat.delay(1, HIGHEST)).isEqualTo(Duration.ofSeconds(10));
        assertThat(flat.delay(20, HIGHEST)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void rejectsAZeroOrNegativeInitialDelay() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAMaximumBelowTheInitialDelay() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initial <= max");
    }
}
