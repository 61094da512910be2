package dev.overlay.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "192.0.2.1:51235          | 192.0.2.1          | 51235",
        "127.0.0.1:1              | 127.0.0.1          | 1",
        "10.0.0.1:65535           | 10.0.0.1           | 65535",
        "[2001:db8::1]:51235      | 2001:db8::1        | 51235",
        "[::1]:80                 | ::1                | 80",
        "[::ffff:192.0.2.1]:80    | ::ffff:192.0.2.1   | 80",
        "[2001:DB8::A]:80         | 2001:db8::a        | 80",
        "localhost:51235          | localhost          | 51235",
        "peer-1.example.com:443   | peer-1.example.com | 443",
        "Peer-1.Example.COM:443   | peer-1.example.com | 443",
        "a:1                      | a                  | 1",
        "node0:51235              | node0              | 51235",
    })
    void parsesHostAndPort(String text, String host, int port) {
        Endpoint endpoint = Endpoint.parse(text);

        assertThat(endpoint.host()).isEqualTo(host);
        assertThat(endpoint.port()).isEqualTo(port);
    }

    @Test
    void formatsIpv6WithBracketsSoTheTextParsesBack() {
        Endpoint endpoint = Endpoint.parse("[2001:db8::1]:51235");

        assertThat(endpoint).hasToString("[2001:db8::1]:51235");
        assertThat(Endpoint.parse(endpoint.toString())).isEqualTo(endpoint);
    }

    @Test
    void formatsNamesAndIpv4AsHostColonPort() {
        assertThat(Endpoint.parse("Example.com:80")).hasToString("example.com:80");
        assertThat(Endpoint.parse("192.0.2.1:80")).hasToString("192.0.2.1:80");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void rejectsMissingText(String text) {
        assertThatThrownBy(() -> Endpoint.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"example.com", "example.com:", ":51235", "192.0.2.1", "[::1]"})
    void rejectsTextWithoutHostOrPort(String text) {
        assertThatThrownBy(() -> Endpoint.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"example.com:0", "example.com:65536", "example.com:-1", "example.com:99999999999"})
    void rejectsPortOutsideOneTo65535(String text) {
        assertThatThrownBy(() -> Endpoint.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"example.com:http", "example.com:80a", "example.com:8 0", "example.com:0x50", "example.com:80.0"})
    void rejectsNonNumericPort(String text) {
        assertThatThrownBy(() -> Endpoint.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-numeric port");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"2001:db8::1:51235", "::1:80", "fe80::1%eth0:80"})
    void rejectsUnbracketedIpv6(String text) {
        assertThatThrownBy(() -> Endpoint.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bracketed");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"[]:80", "[2001:db8::g]:80", "[fe80::1%eth0]:80", "[2001:db8::1:80", "2001:db8::1]:80"})
    void rejectsMalformedIpv6(String text) {
        assertThatThrownBy(() -> Endpoint.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"-peer.example.com:80", "peer-.example.com:80", "pe_er.example.com:80",
        "example..com:80", ".example.com:80", "example.com.:80", "exa mple.com:80", "h\u00e9llo.example:80",
        "user@example.com:80", "example.com/path:80"})
    void rejectsMalformedHostNameLabels(String text) {
        assertThatThrownBy(() -> Endpoint.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid host name");
    }

    @Test
    void acceptsLabelsUpTo63Characters() {
        String label63 = "a".repeat(63);

        assertThat(Endpoint.parse(label63 + ".example:80").host()).startsWith(label63);
        assertThatThrownBy(() -> Endpoint.parse(label63 + "a.example:80")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsHostNamesLongerThan253Characters() {
        String host253 = String.join(".", Collections.nCopies(63, "abc")) + ".a"; // 63*4 - 1 + 2 = 253
        String host255 = host253 + ".b";

        assertThat(host253).hasSize(253);
        assertThat(Endpoint.parse(host253 + ":80").host()).isEqualTo(host253);
        assertThatThrownBy(() -> Endpoint.parse(host255 + ":80"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than 253");
    }

    @Test
    void rejectsTextLongerThan261CharactersBeforeLookingAtIt() {
        String text = "a".repeat(300) + ":80";

        assertThatThrownBy(() -> Endpoint.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than " + Endpoint.MAX_TEXT_LENGTH);
    }

    @Test
    void constructorAppliesTheSameRules() {
        assertThat(new Endpoint("Example.COM", 80).host()).isEqualTo("example.com");
        assertThatThrownBy(() -> new Endpoint("example.com", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Endpoint("bad_host", 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Endpoint(null, 80)).isInstanceOf(IllegalArgumentException.class);
    }
}
