package dev.overlay.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureSetTest {

    @Test
    void parsesNameValuePairsSeparatedBySemicolons() {
        assertThat(FeatureSet.parse("compr=lz4;squelch=1").values())
                .containsExactlyInAnyOrderEntriesOf(Map.of("compr", "lz4", "squelch", "1"));
    }

    @Test
    void toleratesSpacesAndEmptyEntries() {
        assertThat(FeatureSet.parse(" compr = lz4 ;; squelch=1; ").values())
                .containsExactlyInAnyOrderEntriesOf(Map.of("compr", "lz4", "squelch", "1"));
    }

    @Test
    void nameWithoutValueMeansOne() {
        assertThat(FeatureSet.parse("squelch").values()).containsExactlyEntriesOf(Map.of("squelch", "1"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void absentOrBlankHeaderMeansNoFeatures(String header) {
        assertThat(FeatureSet.parse(header)).isEqualTo(FeatureSet.NONE);
    }

    @Test
    void formatsSortedByName() {
        assertThat(new FeatureSet(Map.of("squelch", "1", "compr", "lz4", "a-b", "x.y,z")).header())
                .isEqualTo("a-b=x.y,z;compr=lz4;squelch=1");
    }

    @Test
    void formattedHeaderParsesBackToTheSameSet() {
        FeatureSet features = new FeatureSet(Map.of("squelch", "1", "compr", "lz4", "v", "1.2-beta"));

        assertThat(FeatureSet.parse(features.header())).isEqualTo(features);
    }

    @Test
    void noFeaturesFormatsAsAnEmptyHeader() {
        assertThat(FeatureSet.NONE.header()).isEmpty();
    }

    @Test
    void intersectKeepsOnlyFeaturesBothSidesListWithTheSameValue() {
        FeatureSet local = FeatureSet.parse("compr=lz4;squelch=1;relay=2");
        FeatureSet remote = FeatureSet.parse("compr=zstd;squelch=1;extra=1");

        assertThat(local.intersect(remote).values()).containsExactlyEntriesOf(Map.of("squelch", "1"));
        assertThat(remote.intersect(local).values()).containsExactlyEntriesOf(Map.of("squelch", "1"));
    }

    @Test
    void intersectWithNoFeaturesIsEmpty() {
        assertThat(FeatureSet.parse("compr=lz4").intersect(FeatureSet.NONE)).isEqualTo(FeatureSet.NONE);
    }

    @Test
    void asStringsListsNameEqualsValue() {
        assertThat(FeatureSet.parse("compr=lz4;squelch").asStrings()).containsExactlyInAnyOrder("compr=lz4", "squelch=1");
    }

    @Test
    void rejectsAFeatureListedTwice() {
        assertThatThrownBy(() -> FeatureSet.parse("compr=lz4;squelch=1;compr=lz4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'compr' listed twice");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"Compr=lz4", "com pr=lz4", "compr_x=1", "=lz4", "compr=", "compr=l;z4=", "compr=lz 4",
        "compr=lz4=1", "compr=l\u00e9", "caf\u00e9=1", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=1"})
    void rejectsAMalformedEntry(String header) {
        assertThatThrownBy(() -> FeatureSet.parse(header))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed feature");
    }

    @Test
    void acceptsLimitLengthNamesAndValues() {
        String name = "n".repeat(32);
        String value = "v".repeat(64);

        assertThat(FeatureSet.parse(name + "=" + value).values()).containsExactlyEntriesOf(Map.of(name, value));
        assertThatThrownBy(() -> FeatureSet.parse(name + "=" + value + "v")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsMoreThanSixteenEntries() {
        String seventeen = IntStream.range(0, 17).mapToObj(i -> "f" + i + "=1").collect(Collectors.joining(";"));
        String sixteen = IntStream.range(0, 16).mapToObj(i -> "f" + i + "=1").collect(Collectors.joining(";"));

        assertThat(FeatureSet.parse(sixteen).values()).hasSize(16);
        assertThatThrownBy(() -> FeatureSet.parse(seventeen))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 16");
    }

    @Test
    void isImmutable() {
        java.util.HashMap<String, String> source = new java.util.HashMap<>(Map.of("compr", "lz4"));
        FeatureSet features = new FeatureSet(source);
        source.put("squelch", "1");

        assertThat(features.values()).containsOnlyKeys("compr");
        assertThatThrownBy(() -> features.values().put("x", "1")).isInstanceOf(UnsupportedOperationException.class);
    }
}
