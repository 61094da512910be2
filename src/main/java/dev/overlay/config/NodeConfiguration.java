package dev.overlay.config;

import dev.overlay.discovery.AddressBook;
import dev.overlay.discovery.Dialer;
import dev.overlay.engine.DiscoveryBridge;
import dev.overlay.engine.HandshakeStats;
import dev.overlay.engine.ListenerFanOut;
import dev.overlay.engine.NodeStatus;
import dev.overlay.engine.OverlayNode;
import dev.overlay.engine.RelayBridge;
import dev.overlay.engine.ResourceGuard;
import dev.overlay.engine.TrafficCounters;
import dev.overlay.engine.TransportLimits;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.identity.NodeId;
import dev.overlay.identity.NodeKey;
import dev.overlay.identity.NodeKeyFile;
import dev.overlay.peer.SlotLimits;
import dev.overlay.resource.BanStore;
import dev.overlay.resource.ResourceManager;
import java.security.SecureRandom;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the node: identity, engine, fixed peers, API token. */
@Configuration(proxyBeanMethods = false)
public class NodeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NodeConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SecureRandom secureRandom() {
        return new SecureRandom();
    }

    @Bean
    NodeKey nodeKey(OverlayProperties properties, SecureRandom random) {
        return new NodeKeyFile(properties.dataDir()).loadOrCreate(random);
    }

    @Bean
    ApiToken apiToken(OverlayProperties properties, SecureRandom random) {
        return ApiTokenStore.resolve(properties.apiToken(), properties.dataDir(), random);
    }

    @Bean
    OverlaySettings overlaySettings(OverlayProperties properties, ObjectProvider<BuildProperties> build) {
        String version = build.getIfAvailable() == null ? "dev" : build.getIfAvailable().getVersion();
        OverlaySettings settings = OverlaySettings.from(properties, "overlay-node/" + version);
        SlotLimits slots = settings.engine().slots();
        if (slots.maxInbound() == 0 && !slots.outboundOnly()) {
            log.warn("No inbound slot: an outbound target of {} keeps all {} of overlay.max-peers for outbound, so"
                    + " this node accepts no peers. Raise overlay.max-peers, lower overlay.outbound-peers or leave it"
                    + " unset (it is then derived from max-peers), or set overlay.max-inbound-peers=0 if the node is"
                    + " meant to only dial out.", slots.outboundTarget(), slots.maxPeers());
        }
        return settings;
    }

    @Bean
    ResourceManager resourceManager(OverlaySettings settings, Clock clock) {
        return new ResourceManager(settings.resources(), clock);
    }

    @Bean
    OverlayNode overlayNode(OverlaySettings settings, OverlayProperties properties, NodeKey nodeKey,
                            AddressBook addressBook, ResourceManager resources, BanStore banStore, Clock clock,
                            SecureRandom random) {
        OverlayNode node = new OverlayNode(settings.engine(), settings.relay(), settings.discovery(), addressBook,
                resources, banStore, nodeKey, clock, random);
        properties.reservedPeers().forEach(id -> node.registry().reserve(NodeId.parse(id)));
        return node;
    }

    @Bean
    EngineLifecycle engineLifecycle(OverlayNode node) {
        return new EngineLifecycle(node);
    }

    // The parts controllers and monitoring use, each injected where it is needed.

    @Bean
    PeerRegistry peerRegistry(OverlayNode node) {
        return node.registry();
    }

    @Bean
    RelayBridge relayBridge(OverlayNode node) {
        return node.relay();
    }

    @Bean
    DiscoveryBridge discoveryBridge(OverlayNode node) {
        return node.discovery();
    }

    @Bean
    ResourceGuard resourceGuard(OverlayNode node) {
        return node.resources();
    }

    @Bean
    TrafficCounters trafficCounters(OverlayNode node) {
        return node.traffic();
    }

    @Bean
    HandshakeStats handshakeStats(OverlayNode node) {
        return node.handshakes();
    }

    @Bean
    TransportLimits transportLimits(OverlayNode node) {
        return node.limits();
    }

    @Bean
    NodeStatus nodeStatus(OverlayNode node) {
        return node.status();
    }

    @Bean
    ListenerFanOut engineListeners(OverlayNode node) {
        return node.listeners();
    }

    @Bean
    Dialer dialer(OverlayNode node) {
        return node::connect;
    }
}
