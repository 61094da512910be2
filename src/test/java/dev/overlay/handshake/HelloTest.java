package dev.overlay.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HelloTest {

    private static final String KEY = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    HelloTest() {
        headers.put(HandshakeHeaders.NETWORK_ID, "main");
        headers.put(HandshakeHeaders.NODE_PUBLIC_KEY, KEY);
        headers.put(HandshakeHeaders.INSTANCE_COOKIE, "9f86d081884c7d65");
        headers.put(HandshakeHeaders.NETWORK_TIME, "1795478400");
        headers.put(HandshakeHeaders.LISTEN_PORT, "51235");
        headers.put(HandshakeHeaders.PROTOCOL_CTL, "compr=lz4;squelch=1");
        headers.put("User-Agent", "overlay-node/0.1.0");
        headers.put("Upgrade", "OVL/1.0, OVL/1.1");
    }

    private Hello read() {
        return Hello.read(headers::get);
    }

    private HandshakeException readFails() {
        return handshakeFailure(this::read);
    }

    @Test
    void readsEveryField() {
        Hello hello = read();

        assertThat(hello.networkId()).isEqualTo("main");
        assertThat(hello.nodeId()).isEqualTo(new NodeId(KEY));
        assertThat(hello.instanceCookie()).isEqualTo(0x9f86d081884c7d65L);
        assertThat(hello.networkTime()).isEqualTo(Instant.ofEpochSecond(1795478400L));
        assertThat(hello.listenPort()).isEqualTo(51235);
        assertThat(hello.features()).isEqualTo(FeatureSet.parse("compr=lz4;squelch=1"));
        assertThat(hello.userAgent()).isEqualTo("overlay-node/0.1.0");
    }

    @Test
    void acceptsAnUppercaseNodePublicKey() {
        headers.put(HandshakeHeaders.NODE_PUBLIC_KEY, KEY.toUpperCase());

        assertThat(read().nodeId()).isEqualTo(new NodeId(KEY));
    }

    @Test
    void acceptsAnUppercaseInstanceCookieAsHexIsReadInEitherCase() {
        headers.put(HandshakeHeaders.INSTANCE_COOKIE, "9F86D081884C7D65");

        assertThat(read().instanceCookie()).isEqualTo(0x9f86d081884c7d65L);
    }

    @Test
    void trimsSurroundingWhitespaceOfRequiredHeaders() {
        headers.put(HandshakeHeaders.NETWORK_ID, " main ");
        headers.put(HandshakeHeaders.LISTEN_PORT, " 0 ");

        Hello hello = read();

        assertThat(hello.networkId()).isEqualTo("main");
        assertThat(hello.listenPort()).isZero();
    }

    @Test
    void absentProtocolCtlMeansNoFeatures() {
        headers.remove(HandshakeHeaders.PROTOCOL_CTL);

        assertThat(read().features()).isEqualTo(FeatureSet.NONE);
    }

    @Test
    void takesTheServerHeaderAsUserAgentInAResponse() {
        headers.remove("User-Agent");
        headers.put("Server", "overlay-node/0.2.0");

        assertThat(read().userAgent()).isEqualTo("overlay-node/0.2.0");
    }

    @Test
    void missingUserAgentIsEmpty() {
        headers.remove("User-Agent");

        assertThat(read().userAgent()).isEmpty();
    }

    @Test
    void truncatesTheUserAgentTo128Characters() {
        headers.put("User-Agent", "u".repeat(500));

        assertThat(read().userAgent()).hasSize(128);
    }

    @ParameterizedTest
    @ValueSource(strings = {HandshakeHeaders.NETWORK_ID, HandshakeHeaders.NODE_PUBLIC_KEY,
        HandshakeHeaders.INSTANCE_COOKIE, HandshakeHeaders.NETWORK_TIME, HandshakeHeaders.LISTEN_PORT})
    void missingRequiredHeaderIsAMalformedRequestNamingIt(String header) {
        headers.remove(header);

        HandshakeException failure = readFails();

        assertThat(failure.failure()).isEqualTo(HandshakeFailure.MALFORMED_REQUEST);
        assertThat(failure).hasMessageContaining("missing " + header);
    }

    @ParameterizedTest
    @ValueSource(strings = {HandshakeHeaders.NETWORK_ID, HandshakeHeaders.NODE_PUBLIC_KEY,
        HandshakeHeaders.INSTANCE_COOKIE, HandshakeHeaders.NETWORK_TIME, HandshakeHeaders.LISTEN_PORT})
    void blankRequiredHeaderCountsAsMissing(String header) {
        headers.put(header, "  ");

        HandshakeException failure = readFails();

        assertThat(failure.failure()).isEqualTo(HandshakeFailure.MALFORMED_REQUEST);
        assertThat(failure).hasMessageContaining("missing " + header);
    }

    static Stream<Arguments> malformedHeaders() {
        return Stream.of(
                Arguments.of(HandshakeHeaders.NETWORK_ID, "main net"),
                Arguments.of(HandshakeHeaders.NETWORK_ID, "n".repeat(65)),
                Arguments.of(HandshakeHeaders.NETWORK_ID, "m\u00e4in"),
                Arguments.of(HandshakeHeaders.NODE_PUBLIC_KEY, KEY.substring(1)),
                Arguments.of(HandshakeHeaders.NODE_PUBLIC_KEY, KEY + "0"),
                Arguments.of(HandshakeHeaders.NODE_PUBLIC_KEY, "z" + KEY.substring(1)),
                Arguments.of(HandshakeHeaders.INSTANCE_COOKIE, "9f86d081884c7d65a"),
                Arguments.of(HandshakeHeaders.INSTANCE_COOKIE, "0x12"),
                Arguments.of(HandshakeHeaders.INSTANCE_COOKIE, "-1"),
                Arguments.of(HandshakeHeaders.NETWORK_TIME, "-1"),
                Arguments.of(HandshakeHeaders.NETWORK_TIME, "1795478400.5"),
                Arguments.of(HandshakeHeaders.NETWORK_TIME, "1234567890123"),
                Arguments.of(HandshakeHeaders.NETWORK_TIME, "Tue, 01 Dec 2026 00:00:00 GMT"),
                Arguments.of(HandshakeHeaders.LISTEN_PORT, "65536"),
                Arguments.of(HandshakeHeaders.LISTEN_PORT, "-1"),
                Arguments.of(HandshakeHeaders.LISTEN_PORT, "http"),
                Arguments.of(HandshakeHeaders.LISTEN_PORT, "999999999999"),
                Arguments.of(HandshakeHeaders.PROTOCOL_CTL, "Compr=lz4"),
                Arguments.of(HandshakeHeaders.PROTOCOL_CTL, "compr=lz4;compr=lz4"),
                Arguments.of(HandshakeHeaders.PROTOCOL_CTL, "a=" + "b".repeat(600)));
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("malformedHeaders")
    void malformedHeaderIsAMalformedRequestNamingIt(String header, String value) {
        headers.put(header, value);

        HandshakeException failure = readFails();

        assertThat(failure.failure()).isEqualTo(HandshakeFailure.MALFORMED_REQUEST);
        assertThat(failure).hasMessageContaining(header);
    }

    @Test
    void writtenHeadersReadBackToTheSameHello() {
        Hello hello = new Hello("test-net.1", new NodeId(KEY), 0xfedcba9876543210L, Instant.ofEpochSecond(1795478400L),
                65535, FeatureSet.parse("compr=lz4;squelch=1"), "agent/1");
        Map<String, String> written = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        hello.write(written::put);
        written.put("User-Agent", "agent/1");

        assertThat(Hello.read(written::get)).isEqualTo(hello);
    }

    @Test
    void writeOmitsProtocolCtlWhenThereAreNoFeaturesAndReadsBackNone() {
        Hello hello = new Hello("main", new NodeId(KEY), 1L, Instant.ofEpochSecond(0), 0, FeatureSet.NONE, "");
        Map<String, String> written = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        hello.write(written::put);

        assertThat(written).doesNotContainKey(HandshakeHeaders.PROTOCOL_CTL).doesNotContainKey("User-Agent");
        assertThat(Hello.read(written::get)).isEqualTo(hello);
    }

    @Test
    void anAdvertisedEndpointIsWrittenAndReadBack() {
        Hello hello = new Hello("main", new NodeId(KEY), 1L, Instant.ofEpochSecond(0), 51235, FeatureSet.NONE, "",
                new Endpoint("203.0.113.5", 61235));
        Map<String, String> written = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        hello.write(written::put);

        assertThat(written).containsEntry(HandshakeHeaders.ADVERTISED_ENDPOINT, "203.0.113.5:61235");
        assertThat(Hello.read(written::get)).isEqualTo(hello);
    }

    @Test
    void withoutAnAdvertisedEndpointTheHeaderIsAbsent() {
        Map<String, String> written = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        read().write(written::put);

        assertThat(written).doesNotContainKey(HandshakeHeaders.ADVERTISED_ENDPOINT);
        assertThat(read().advertisedEndpoint()).isNull();
    }

    @Test
    void anAdvertisedEndpointThatIsNotHostAndPortIsMalformed() {
        headers.put(HandshakeHeaders.ADVERTISED_ENDPOINT, "203.0.113.5");

        HandshakeException failure = readFails();

        assertThat(failure.failure()).isEqualTo(HandshakeFailure.MALFORMED_REQUEST);
        assertThat(failure).hasMessageContaining(HandshakeHeaders.ADVERTISED_ENDPOINT);
    }

    @Test
    void readVersionsReadsTheUpgradeHeader() {
        assertThat(Hello.readVersions(headers::get))
                .containsExactly(new ProtocolVersion(1, 0), new ProtocolVersion(1, 1));
    }

    @Test
    void missingUpgradeHeaderIsAMalformedRequestNamingIt() {
        headers.remove("Upgrade");

        HandshakeException failure = handshakeFailure(() -> Hello.readVersions(headers::get));

        assertThat(failure.failure()).isEqualTo(HandshakeFailure.MALFORMED_REQUEST);
        assertThat(failure).hasMessageContaining("missing Upgrade");
    }

    @Test
    void malformedVersionInUpgradeIsAMalformedRequest() {
        headers.put("Upgrade", "OVL/1.0, OVL/one");

        HandshakeException failure = handshakeFailure(() -> Hello.readVersions(headers::get));

        assertThat(failure.failure()).isEqualTo(HandshakeFailure.MALFORMED_REQUEST);
        assertThat(failure).hasMessageContaining("OVL/one");
    }

    /** The {@link HandshakeException} {@code action} throws; fails the test if it throws nothing or something else. */
    static HandshakeException handshakeFailure(ThrowingCallable action) {
        Throwable thrown = catchThrowable(action);
        assertThat(thrown).isInstanceOf(HandshakeException.class);
        return (HandshakeException) thrown;
    }
}
