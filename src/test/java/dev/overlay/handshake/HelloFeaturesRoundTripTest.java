package dev.overlay.handshake;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Whatever feature header is accepted can be written back and accepted again. */
class HelloFeaturesRoundTripTest {

    @Test
    void bareFeatureNamesThatWouldGrowBeyondTheLimitWhenWrittenAreRejected() {
        String ctl = IntStream.range(0, 16).mapToObj(i -> "f" + Integer.toHexString(i) + "x".repeat(29))
                .collect(Collectors.joining(";"));

        assertThatThrownBy(() -> FeatureSet.parse(ctl))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than 512");
    }
}
