package dev.overlay.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Backoff stays sane at the edges of its configuration. */
class BackoffLimitsTest {

    @Test
    void subMillisecondInitialDelayIsRejected() {
        assertThatThrownBy(() -> new Backoff(Duration.ofNanos(500_000), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longInitialDelayDoesNotOverflow() {
        assertThat(new Backoff(Duration.ofDays(100), Duration.ofDays(200)).delay(31, new SplittableRandom(1)))
                .isBetween(Duration.ofDays(100), Duration.ofDays(200));
    }
}
