package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.discovery.HeardEndpoint;
import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code overlay.advertised-endpoint}: what a node announces in the upgrade, in gossip and in
 * {@code /crawl}, and how a receiver checks an announcement like gossip before using it.
 */
class AdvertisedEndpointTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Where the node says it is reached, as behind a port mapping: another address and port than it binds. */
    private static final Endpoint ADVERTISED = new Endpoint("127.0.0.9", 40_000);

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    private static List<HeardEndpoint> livecache(OverlayNode node) {
        return node.discovery().call(d -> d.livecacheEntries()).join();
    }

    private static RawPeerClient.HttpAnswer upgrade(OverlayNode server, Map<String, String> headers)
            throws Exception {
        NodeKey key = NodeKey.generate(RANDOM);
        headers.put("X-Node-Public-Key", key.nodeId().hex());
        try (RawPeerClient client = RawPeerClient.tls(server.peerPort(), RawPeerClient.identity(key))) {
            client.sendRequest("GET / HTTP/1.1", headers);
            return client.readAnswer();
        }
    }

    @Test
    void theUpgradeAnswerAnnouncesTheAdvertisedEndpoint() throws Exception {
        OverlayNode node = engines.start(s -> s.advertised = ADVERTISED);

        RawPeerClient.HttpAnswer answer = upgrade(node,
                RawPeerClient.upgradeHeaders(NodeKey.generate(RANDOM), TestEngines.NETWORK));

        assertThat(answer.status()).isEqualTo(101);
        assertThat(answer.header("X-Advertised-Endpoint")).isEqualTo("127.0.0.9:40000");
    }

    @Test
    void withoutTheSettingTheUpgradeAnnouncesOnlyTheListenPort() throws Exception {
        OverlayNode node = engines.start();

        RawPeerClient.HttpAnswer answer = upgrade(node,
                RawPeerClient.upgradeHeaders(NodeKey.generate(RANDOM), TestEngines.NETWORK));

        assertThat(answer.status()).isEqualTo(101);
        assertThat(answer.header("X-Advertised-Endpoint")).isNull();
        assertThat(answer.header("X-Listen-Port")).isEqualTo(Integer.toString(node.peerPort()));
    }

    @Test
    void aDialerRecordsTheAnnouncedEndpointOfTheNodeItDialed() {
        OverlayNode node = engines.start(s -> s.advertised = ADVERTISED);
        OverlayNode dialer = engines.start();

        Peer peer = dialer.connect(new Endpoint("127.0.0.1", node.peerPort())).join();

        assertThat(peer.listeningEndpoint()).contains(ADVERTISED);
    }

    @Test
    void anAcceptorRecordsTheAnnouncedEndpointOfTheNodeThatDialedIt() {
        OverlayNode node = engines.start(s -> s.advertised = ADVERTISED);
        OverlayNode acceptor = engines.start();

        node.connect(new Endpoint("127.0.0.1", acceptor.peerPort())).join();

        await().untilAsserted(() -> assertThat(acceptor.registry().find(node.nodeId()).orElseThrow()
                .listeningEndpoint()).contains(ADVERTISED));
    }

    @Test
    void gossipCarriesTheAdvertisedEndpointAsTheNodesOwnEntry() {
        OverlayNode node = engines.start(s -> s.advertised = ADVERTISED);
        OverlayNode peer = engines.start();

        node.connect(new Endpoint("127.0.0.1", peer.peerPort())).join();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(livecache(peer)).contains(new HeardEndpoint(ADVERTISED, 0)));
    }

    @Test
    void anAnnouncementThatGossipWouldDropIsIgnoredForTheConnectionsAddress() throws Exception {
        OverlayNode acceptor = engines.start();
        Map<String, String> headers = RawPeerClient.upgradeHeaders(NodeKey.generate(RANDOM), TestEngines.NETWORK);
        headers.put("X-Listen-Port", "51999");
        headers.put("X-Advertised-Endpoint", "0.0.0.0:7");

        try (RawPeerClient client = openUpgraded(acceptor, headers)) {
            await().untilAsserted(() -> assertThat(acceptor.registry().active()).singleElement()
                    .satisfies(p -> assertThat(p.listeningEndpoint()).contains(new Endpoint("127.0.0.1", 51999))));
        }
    }

    @Test
    void crawlNamesTheAdvertisedEndpoint() throws Exception {
        OverlayNode node = engines.start(s -> s.advertised = ADVERTISED);

        try (RawPeerClient probe = RawPeerClient.tls(node.peerPort(), null)) {
            probe.sendRequest("GET /crawl HTTP/1.1", Map.of("Host", "127.0.0.1"));
            assertThat(probe.readAnswer().body()).contains("\"endpoint\":\"127.0.0.9:40000\"");
        }
    }

    private static RawPeerClient openUpgraded(OverlayNode server, Map<String, String> headers) throws Exception {
        NodeKey key = NodeKey.generate(RANDOM);
        headers.put("X-Node-Public-Key", key.nodeId().hex());
        RawPeerClient client = RawPeerClient.tls(server.peerPort(), RawPeerClient.identity(key));
        client.sendRequest("GET / HTTP/1.1", headers);
        assertThat(client.readAnswer().status()).isEqualTo(101);
        return client;
    }
}
