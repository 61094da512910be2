package dev.overlay.config;

import dev.overlay.discovery.Backoff;
import dev.overlay.discovery.AddressBook;
import dev.overlay.discovery.DiscoverySettings;
import dev.overlay.engine.Bandwidth;
import dev.overlay.engine.EngineSettings;
import dev.overlay.engine.OverlayEngine;
import dev.overlay.engine.ResourceGuard;
import dev.overlay.engine.SendQueueLimits;
import dev.overlay.identity.NodeId;
import dev.overlay.identity.NodeKey;
import dev.overlay.identity.NodeKeyFile;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.SlotLimits;
import dev.overlay.peer.SourceAddress;
import dev.overlay.relay.Relay;
import dev.overlay.relay.RelaySettings;
import dev.overlay.resource.BanStore;
import dev.overlay.resource.ResourceManager;
import dev.overlay.resource.ResourceSettings;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the node: identity, engine, fixed peers, API token. */
@Configuration(proxyBeanMethods = false)
public class NodeConfiguration {

    private static final long MAX_FRAME_LIMIT = 64L * 1024 * 1024;

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
    ResourceManager resourceManager(OverlayProperties properties, Clock clock) {
        OverlayProperties.Resource r = properties.resource();
        Set<SourceAddress> exempt = Set.copyOf(parseEach("overlay.resource.exempt-addresses", r.exemptAddresses(),
                SourceAddress::parse));
        try {
            return new ResourceManager(new ResourceSettings(r.warningThreshold(), r.dropThreshold(), r.decayWindow(),
                    r.banDuration(), r.exemptLoopback(),
                    exempt, Set.copyOf(r.exemptNodeIds())), clock);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("overlay.resource: " + e.getMessage(), e);
        }
    }

    @Bean
    OverlayEngine overlayEngine(OverlayProperties properties, NodeKey nodeKey, AddressBook addressBook,
                                ResourceManager resources, BanStore banStore, Clock clock, SecureRandom random,
                                ObjectProvider<BuildProperties> build) {
        String version = build.getIfAvailable() == null ? "dev" : build.getIfAvailable().getVersion();
        OverlayEngine engine = new OverlayEngine(settings(properties, "overlay-node/" + version),
                relaySettings(properties), discoverySettings(properties), addressBook, resources, banStore, nodeKey,
                clock, random);
        properties.reservedPeers().forEach(id -> engine.registry().reserved().add(NodeId.parse(id)));
        return engine;
    }

    @Bean
    EngineLifecycle engineLifecycle(OverlayEngine engine) {
        return new EngineLifecycle(engine);
    }

    /** Parses each value of a list property; a bad one stops the node with a message naming the property. */
    private static <T> List<T> parseEach(String property, List<String> texts, Function<String, T> parser) {
        return texts.stream().map(text -> {
            try {
                return parser.apply(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(property + ": " + e.getMessage(), e);
            }
        }).toList();
    }

    static DiscoverySettings discoverySettings(OverlayProperties p) {
        OverlayProperties.Discovery d = p.discovery();
        return new DiscoverySettings(parseEach("overlay.bootstrap", p.bootstrap(), Endpoint::parse),
                parseEach("overlay.fixed-peers", p.fixedPeers(), Endpoint::parse),
                new Backoff(p.fixedPeerBackoff().initial(), p.fixedPeerBackoff().max()),
                new Backoff(d.dialBackoff().initial(), d.dialBackoff().max()),
                d.tickInterval(), d.gossipInterval(), d.livecacheTtl(), d.livecacheCapacity(), d.maxGossipHops(),
                d.maxDialsInFlight());
    }

    static RelaySettings relaySettings(OverlayProperties p) {
        OverlayProperties.Relay relay = p.relay();
        long maxPayload = relay.maxPayloadSize().toBytes();
        if (maxPayload < 1 || maxPayload > p.frames().maxSize().toBytes() - 1024) {
            throw new IllegalStateException("overlay.relay.max-payload-size must be positive and leave 1KB of"
                    + " overlay.frames.max-size for the message envelope");
        }
        if (relay.squelch().maxDuration().compareTo(Relay.MAX_ACCEPTED_SQUELCH) > 0) {
            throw new IllegalStateException("overlay.relay.squelch.max-duration must be at most 1h");
        }
        try {
            return new RelaySettings(relay.squelch().enabled(), relay.squelch().selectedPeers(),
                    relay.squelch().threshold(), relay.squelch().minDuration(), relay.squelch().maxDuration(),
                    relay.squelch().idleTimeout(), relay.squelch().replayWindow(), relay.seenCache().maxEntries(), relay.seenCache().maxAge(),
                    relay.maxMessageAge(), relay.maxHops(), (int) maxPayload, relay.recentMessages());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("overlay.relay: " + e.getMessage(), e);
        }
    }

    private static SendQueueLimits sendQueue(OverlayProperties.Resource r) {
        try {
            return new SendQueueLimits((int) Math.min(Integer.MAX_VALUE, r.sendQueueLowWater().toBytes()),
                    (int) Math.min(Integer.MAX_VALUE, r.sendQueueHighWater().toBytes()), r.slowPeerTimeout());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("overlay.resource.send-queue-*: " + e.getMessage(), e);
        }
    }

    static EngineSettings settings(OverlayProperties p, String userAgent) {
        long maxFrame = p.frames().maxSize().toBytes();
        if (maxFrame < 1024 || maxFrame > MAX_FRAME_LIMIT) {
            throw new IllegalStateException("overlay.frames.max-size must be between 1KB and 64MB, was " + maxFrame);
        }
        return new EngineSettings(p.peerHost(), p.peerPort(), p.networkId(),
                new SlotLimits(p.maxPeers(), Math.min(p.outboundPeers(), p.maxPeers()), p.maxInboundPerIp()),
                p.minPeers(),
                (int) maxFrame, p.handshake().timeout(), p.handshake().connectTimeout(),
                p.handshake().maxClockSkew(), p.ping().interval(), p.ping().timeout(), p.closedPeers().capacity(),
                p.closedPeers().retention(), p.shutdownTimeout(), userAgent,
                new ResourceGuard.ConnectionQuotas(p.resource().maxHandshakes(), p.resource().maxConnectionsPerIp()),
                sendQueue(p.resource()),
                new Bandwidth(p.resource().peerReadRate().toBytes(), p.resource().peerWriteRate().toBytes(),
                        p.resource().totalReadRate().toBytes(), p.resource().totalWriteRate().toBytes()));
    }
}
