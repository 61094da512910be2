package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.identity.IdentityCertificate;
import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerState;
import dev.overlay.protocol.MessageType;
import dev.overlay.protocol.proto.Close;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The upgrade's header and certificate rules that docs/PROTOCOL.md 1 and 2.1 state for edge cases, as a
 * peer implemented from the document alone meets them on the wire.
 */
class UpgradeHeaderRulesTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    private static RawPeerClient.HttpAnswer upgrade(OverlayNode server, NodeKey key, Map<String, String> headers,
                                                    String... extraHeaderLines) throws Exception {
        return RawPeerClient.upgradeOnce(server.peerPort(), RawPeerClient.identity(key), headers, extraHeaderLines);
    }

    @Test
    void chainOfTwoCertificatesCompletesTlsAndIsRefusedWithTheBindingReason() throws Exception {
        OverlayNode server = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        IdentityCertificate extra = RawPeerClient.identity(NodeKey.generate(RANDOM));

        try (RawPeerClient client = RawPeerClient.tlsWithChain(server.peerPort(), RawPeerClient.identity(key),
                extra.certificate())) {
            client.sendRequest("GET / HTTP/1.1", RawPeerClient.upgradeHeaders(key, TestEngines.NETWORK));
            RawPeerClient.HttpAnswer answer = client.readAnswer();

            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.header("X-Reject-Reason")).isEqualTo("certificate-binding-invalid");
            assertThat(answer.body()).contains("exactly one");
        }
    }

    @Test
    void secondNodePublicKeyHeaderIsRefusedAsAmbiguous() throws Exception {
        OverlayNode server = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);

        RawPeerClient.HttpAnswer answer = upgrade(server, key, RawPeerClient.upgradeHeaders(key, TestEngines.NETWORK),
                "X-Node-Public-Key: " + NodeKey.generate(RANDOM).nodeId().hex());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("X-Reject-Reason")).isEqualTo("malformed-request");
        assertThat(answer.body()).contains("X-Node-Public-Key header appears 2 times");
    }

    @Test
    void secondUpgradeHeaderIsRefusedEvenWithTheSameValue() throws Exception {
        OverlayNode server = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);

        RawPeerClient.HttpAnswer answer = upgrade(server, key, RawPeerClient.upgradeHeaders(key, TestEngines.NETWORK),
                "upgrade: OVL/1.0");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("Upgrade header appears 2 times");
    }

    @Test
    void uppercaseHexInstanceCookieIsAcceptedLikeAnUppercaseKey() throws Exception {
        OverlayNode server = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        Map<String, String> headers = RawPeerClient.upgradeHeaders(key, TestEngines.NETWORK);
        headers.put("X-Node-Public-Key", key.nodeId().hex().toUpperCase());
        headers.put("X-Instance-Cookie", "9F86D081884C7D65");

        assertThat(upgrade(server, key, headers).status()).isEqualTo(101);
    }

    @Test
    void upgradeTokensAfterTheSixteenthAreIgnored() throws Exception {
        OverlayNode server = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        Map<String, String> headers = RawPeerClient.upgradeHeaders(key, TestEngines.NETWORK);
        headers.put("Upgrade", String.join(", ", Collections.nCopies(15, "h2c")) + ", OVL/1.0, OVL/bad, x");

        RawPeerClient.HttpAnswer answer = upgrade(server, key, headers);

        assertThat(answer.status()).isEqualTo(101);
        assertThat(answer.header("Upgrade")).isEqualTo("OVL/1.0");
    }

    @Test
    void zeroPaddedVersionIsRefusedRatherThanReadAsAnother() throws Exception {
        OverlayNode server = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        Map<String, String> headers = RawPeerClient.upgradeHeaders(key, TestEngines.NETWORK);
        headers.put("Upgrade", "OVL/01.00");

        RawPeerClient.HttpAnswer answer = upgrade(server, key, headers);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("malformed protocol version 'OVL/01.00'");
    }

    @Test
    void lowercaseVersionTokenIsRefusedNamingTheToken() throws Exception {
        OverlayNode server = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        Map<String, String> headers = RawPeerClient.upgradeHeaders(key, TestEngines.NETWORK);
        headers.put("Upgrade", "ovl/1.0");

        RawPeerClient.HttpAnswer answer = upgrade(server, key, headers);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("malformed protocol version 'ovl/1.0'").doesNotContain("offered ,");
    }

    @Test
    void hostConnectionUserAgentAndContentLengthAreOptional() throws Exception {
        OverlayNode server = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        Map<String, String> headers = RawPeerClient.upgradeHeaders(key, TestEngines.NETWORK);
        headers.remove("Host");
        headers.remove("Connection");
        headers.remove("User-Agent");

        assertThat(upgrade(server, key, headers).status()).isEqualTo(101);
    }

    @Test
    void olderConnectionFromTheSameOpenerIsClosedNamingTheNewerOneNotTheNodeIds() throws Exception {
        OverlayNode server = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        IdentityCertificate identity = RawPeerClient.identity(key);

        try (RawPeerClient older = RawPeerClient.tls(server.peerPort(), identity);
             RawPeerClient newer = RawPeerClient.tls(server.peerPort(), identity)) {
            assertThat(older.upgrade(key, TestEngines.NETWORK)).isEqualTo(101);
            // The server activates after it sent its 101: a newer connection before that displaces a
            // handshake, which is another rule with another text.
            await().until(() -> server.registry().find(key.nodeId()).map(Peer::state)
                    .filter(PeerState.ACTIVE::equals).isPresent());
            assertThat(newer.upgrade(key, TestEngines.NETWORK)).isEqualTo(101);

            RawPeerClient.RawFrame frame = older.readFrame();
            while (frame.type() != MessageType.CLOSE.code()) {
                frame = older.readFrame();
            }
            Close close = Close.parseFrom(frame.body());
            assertThat(close.getCode()).isEqualTo(3);
            assertThat(close.getText()).isEqualTo("replaced by a newer connection from the same opener");
        }
    }
}
