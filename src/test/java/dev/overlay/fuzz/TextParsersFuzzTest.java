package dev.overlay.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.overlay.handshake.FeatureSet;
import dev.overlay.peer.Endpoint;
import org.junit.jupiter.api.BeforeAll;

/**
 * Arbitrary text for the parsers of operator- and peer-supplied strings: the only failure allowed is
 * {@link IllegalArgumentException}, and what they accept must print as text they parse back to the
 * same value. The whole input is the text (UTF-8).
 */
class TextParsersFuzzTest {

    @BeforeAll
    static void regressionModeSettings() {
        RegressionMode.skipBugDetectorHooksUnlessFuzzing();
    }

    @FuzzTest(maxDuration = "60s")
    void endpointParse(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Endpoint endpoint;
        try {
            endpoint = Endpoint.parse(text);
        } catch (IllegalArgumentException rejected) {
            return;
        }
        assertThat(endpoint.port()).isBetween(1, 65535);
        assertThat(endpoint.host()).matches("[a-z0-9.:-]{1,253}");
        assertThat(Endpoint.parse(endpoint.toString())).isEqualTo(endpoint);
    }

    @FuzzTest(maxDuration = "60s")
    void featureSetParse(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        FeatureSet features;
        try {
            features = FeatureSet.parse(text);
        } catch (IllegalArgumentException rejected) {
            return;
        }
        assertThat(features.values()).hasSizeLessThanOrEqualTo(16);
        assertThat(features.values().keySet()).allMatch(name -> name.matches("[a-z0-9-]{1,32}"));
        assertThat(FeatureSet.parse(features.header())).isEqualTo(features);
    }
}
