package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.tls.TlsProvider;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerState;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Nodes on BoringSSL and nodes on the JDK's TLS peer with each other and relay between them. */
class TlsProviderInteropTest {

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    @Test
    void jdkProviderIsUsedWhenAskedFor() {
        assertThat(TlsProvider.JDK.resolve()).isEqualTo(SslProvider.JDK);
    }

    @Test
    void autoPrefersBoringSslWhereItLoads() {
        assertThat(TlsProvider.AUTO.resolve())
                .isEqualTo(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK);
    }

    @Test
    void jdkNodeAndBoringSslNodePeerAndRelayBothWays() {
        assumeThat(OpenSsl.isAvailable()).as("BoringSSL loads on this platform").isTrue();
        OverlayNode jdk = engines.start(s -> s.tlsProvider = TlsProvider.JDK);
        OverlayNode boring = engines.start(s -> s.tlsProvider = TlsProvider.OPENSSL);

        Peer peer = jdk.connect(new Endpoint("127.0.0.1", boring.peerPort())).join();
        assertThat(peer.state()).isEqualTo(PeerState.ACTIVE);
        // The dialler activates first; the listener may still be finishing its side of the upgrade.
        await().until(() -> boring.registry().isActive(jdk.nodeId()));

        List<String> toBoring = new CopyOnWriteArrayList<>();
        List<String> toJdk = new CopyOnWriteArrayList<>();
        boring.relay().addListener(m -> toBoring.add(m.message().topic()));
        jdk.relay().addListener(m -> toJdk.add(m.message().topic()));
        jdk.relay().signAndBroadcast("from-jdk", new byte[] {1}).join();
        boring.relay().signAndBroadcast("from-boringssl", new byte[] {2}).join();

        await().untilAsserted(() -> {
            assertThat(toBoring).contains("from-jdk");
            assertThat(toJdk).contains("from-boringssl");
        });
    }
}
