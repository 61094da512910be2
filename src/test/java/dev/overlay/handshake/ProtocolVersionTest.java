package dev.overlay.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolVersionTest {

    private static final ProtocolVersion V1_0 = new ProtocolVersion(1, 0);
    private static final ProtocolVersion V1_1 = new ProtocolVersion(1, 1);
    private static final ProtocolVersion V2_0 = new ProtocolVersion(2, 0);

    @Test
    void parsesACommaSeparatedListInOrder() {
        assertThat(ProtocolVersion.parseList("OVL/1.0, OVL/1.1,OVL/2.0")).containsExactly(V1_0, V1_1, V2_0);
    }

    @Test
    void ignoresProtocolTokensOtherThanOvl() {
        assertThat(ProtocolVersion.parseList("websocket, OVL/1.1, h2c, HTTP/2.0")).containsExactly(V1_1);
    }

    @Test
    void headerWithoutOvlTokensYieldsAnEmptyList() {
        assertThat(ProtocolVersion.parseList("websocket")).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"OVL/1", "OVL/1.", "OVL/.1", "OVL/1.x", "OVL/1.0.0", "OVL/1234.0", "OVL/1.1234",
        "OVL/-1.0", "OVL/ 1.0", "OVL/"})
    void rejectsAMalformedOvlToken(String token) {
        assertThatThrownBy(() -> ProtocolVersion.parseList("OVL/1.0, " + token))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(token.trim());
    }

    @Test
    void acceptsSixteenTokens() {
        String header = String.join(",", Collections.nCopies(16, "OVL/1.0"));

        assertThat(ProtocolVersion.parseList(header)).hasSize(16);
    }

    @Test
    void tokensAfterTheSixteenthAreIgnored() {
        String header = String.join(",", Collections.nCopies(16, "x")) + ", OVL/1.0, OVL/garbage";

        assertThat(ProtocolVersion.parseList(header)).isEmpty();
    }

    @Test
    void seventeenVersionTokensYieldTheFirstSixteen() {
        String header = String.join(",", Collections.nCopies(17, "OVL/1.0"));

        assertThat(ProtocolVersion.parseList(header)).hasSize(16);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"OVL/01.00", "OVL/1.00", "OVL/01.0", "ovl/1.0", "Ovl/1.0", "OVl/1.0"})
    void nonCanonicalSpellingsOfAVersionAreRefusedWithAReason(String token) {
        assertThatThrownBy(() -> ProtocolVersion.parseList(token))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed protocol version '" + token + "'")
                .hasMessageContaining("uppercase, numbers without leading zeros");
    }

    @Test
    void zeroAndMultiDigitNumbersAreCanonical() {
        assertThat(ProtocolVersion.parseList("OVL/0.0, OVL/10.20, OVL/999.999"))
                .containsExactly(new ProtocolVersion(0, 0), new ProtocolVersion(10, 20), new ProtocolVersion(999, 999));
    }

    @Test
    void ordersNumericallyNotLexically() {
        assertThat(new ProtocolVersion(1, 10)).isGreaterThan(new ProtocolVersion(1, 9));
        assertThat(new ProtocolVersion(10, 0)).isGreaterThan(new ProtocolVersion(9, 99));
    }

    @Test
    void highestCommonPicksTheHighestVersionBothSidesSpeak() {
        assertThat(ProtocolVersion.highestCommon(List.of(V2_0, V1_0, V1_1), List.of(V1_0, V1_1)))
                .contains(V1_1);
    }

    @Test
    void highestCommonIsEmptyWhenNoVersionIsShared() {
        assertThat(ProtocolVersion.highestCommon(List.of(V2_0), List.of(V1_0, V1_1))).isEmpty();
        assertThat(ProtocolVersion.highestCommon(List.of(), List.of(V1_0))).isEmpty();
    }

    @Test
    void formatsAsInTheUpgradeHeader() {
        assertThat(V1_1).hasToString("OVL/1.1");
        assertThat(ProtocolVersion.formatList(List.of(V1_0, V1_1))).isEqualTo("OVL/1.0, OVL/1.1");
        assertThat(ProtocolVersion.parseList(ProtocolVersion.formatList(List.of(V1_0, V2_0)))).containsExactly(V1_0, V2_0);
    }

    @Test
    void rejectsNegativeVersionNumbers() {
        assertThatThrownBy(() -> new ProtocolVersion(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProtocolVersion(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
