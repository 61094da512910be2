package dev.overlay.config;

import dev.overlay.discovery.Backoff;
import dev.overlay.discovery.DiscoverySettings;
import dev.overlay.engine.Bandwidth;
import dev.overlay.engine.EngineSettings;
import dev.overlay.engine.LearnedEndpoints;
import dev.overlay.engine.ResourceGuard;
import dev.overlay.engine.SendQueueLimits;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.InvalidSlotLimitsException;
import dev.overlay.peer.SlotLimits;
import dev.overlay.peer.SourceAddress;
import dev.overlay.relay.Relay;
import dev.overlay.relay.RelaySettings;
import dev.overlay.resource.ResourceSettings;
import dev.overlay.sync.LogLimits;
import dev.overlay.sync.SyncLimits;
import dev.overlay.sync.SyncSettings;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The engine's settings translated from the operator's {@link OverlayProperties}, with the checks
 * that span several properties. Public so tools (the benchmark harness) build engines from exactly
 * the configuration a node runs with.
 *
 * <p>{@link #from} throws {@link IllegalStateException} naming the offending property.
 */
public record OverlaySettings(EngineSettings engine, RelaySettings relay, DiscoverySettings discovery,
                              ResourceSettings resources, SyncSettings sync) {

    private static final long MAX_FRAME_LIMIT = 64L * 1024 * 1024;

    public static OverlaySettings from(OverlayProperties properties, String userAgent) {
        return new OverlaySettings(engine(properties, userAgent), relay(properties), discovery(properties),
                resources(properties.resource()), sync(properties.relay()));
    }

    private static EngineSettings engine(OverlayProperties p, String userAgent) {
        long maxFrame = p.frames().maxSize().toBytes();
        if (maxFrame < 1024 || maxFrame > MAX_FRAME_LIMIT) {
            throw new IllegalStateException("overlay.frames.max-size must be between 1KB and 64MB, was " + maxFrame);
        }
        return new EngineSettings(p.peerHost(), p.peerPort(), p.networkId(), slots(p), p.minPeers(),
                (int) maxFrame, p.handshake().timeout(), p.handshake().connectTimeout(),
                p.handshake().maxClockSkew(), p.ping().interval(), p.ping().timeout(), p.closedPeers().capacity(),
                p.closedPeers().retention(), p.shutdownTimeout(), userAgent,
                new ResourceGuard.ConnectionQuotas(p.resource().maxHandshakes(), p.resource().maxConnectionsPerIp()),
                sendQueue(p.resource()),
                new Bandwidth(p.resource().peerReadRate().toBytes(), p.resource().peerWriteRate().toBytes(),
                        p.resource().totalReadRate().toBytes(), p.resource().totalWriteRate().toBytes()),
                p.ioThreads(), p.tlsProvider(), advertisedEndpoint(p.advertisedEndpoint()));
    }

    /** Peers accept an announced endpoint only as gossip would, so anything else is refused here. */
    private static Endpoint advertisedEndpoint(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Endpoint endpoint;
        try {
            endpoint = Endpoint.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("overlay.advertised-endpoint: " + e.getMessage(), e);
        }
        if (!LearnedEndpoints.acceptable(endpoint)) {
            throw new IllegalStateException("overlay.advertised-endpoint: '" + text + "' must be an IP address"
                    + " and port that peers can dial (no name, wildcard or multicast address); peers ignore"
                    + " anything else");
        }
        return endpoint;
    }

    private static SlotLimits slots(OverlayProperties p) {
        try {
            return SlotLimits.configured(p.maxPeers(), p.outboundPeers(), p.maxInboundPeers(), p.maxInboundPerIp());
        } catch (InvalidSlotLimitsException e) {
            throw new IllegalStateException("overlay." + e.getMessage(), e);
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

    private static RelaySettings relay(OverlayProperties p) {
        OverlayProperties.Relay relay = p.relay();
        long maxPayload = relay.maxPayloadSize().toBytes();
        if (maxPayload < 1 || maxPayload > p.frames().maxSize().toBytes() - 1024) {
            throw new IllegalStateException("overlay.relay.max-payload-size must be positive and leave 1KB of"
                    + " overlay.frames.max-size for the message envelope");
        }
        if (relay.squelch().maxDuration().compareTo(Relay.MAX_ACCEPTED_SQUELCH) > 0) {
            throw new IllegalStateException("overlay.relay.squelch.max-duration must be at most 1h");
        }
        OverlayProperties.Squelch squelch = relay.squelch();
        try {
            return new RelaySettings(squelch.enabled(), squelch.selectedPeers(), squelch.threshold(),
                    squelch.minDuration(), squelch.maxDuration(), squelch.idleTimeout(), squelch.replayWindow(),
                    relay.seenCache().maxEntries(), relay.seenCache().maxAge(), relay.maxMessageAge(),
                    relay.maxHops(), (int) maxPayload);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("overlay.relay: " + e.getMessage(), e);
        }
    }

    private static SyncSettings sync(OverlayProperties.Relay relay) {
        if (relay.retention().compareTo(relay.maxMessageAge()) < 0) {
            throw new IllegalStateException("overlay.relay.retention must be at least overlay.relay.max-message-age,"
                    + " or the log would refuse messages the relay accepts");
        }
        try {
            return new SyncSettings(relay.sync().enabled(), relay.sync().interval(),
                    new LogLimits(relay.retention(), relay.retentionMaxMessages(), relay.retentionMaxBytes().toBytes()),
                    SyncLimits.DEFAULT);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("overlay.relay.retention / overlay.relay.sync: " + e.getMessage(), e);
        }
    }

    private static DiscoverySettings discovery(OverlayProperties p) {
        OverlayProperties.Discovery d = p.discovery();
        return new DiscoverySettings(parseEach("overlay.bootstrap", p.bootstrap(), Endpoint::parse),
                parseEach("overlay.fixed-peers", p.fixedPeers(), Endpoint::parse),
                new Backoff(p.fixedPeerBackoff().initial(), p.fixedPeerBackoff().max()),
                new Backoff(d.dialBackoff().initial(), d.dialBackoff().max()),
                d.tickInterval(), d.gossipInterval(), d.livecacheTtl(), d.livecacheCapacity(), d.maxGossipHops(),
                d.maxDialsInFlight(), d.rotationInterval());
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

    private static ResourceSettings resources(OverlayProperties.Resource r) {
        Set<SourceAddress> exempt = Set.copyOf(parseEach("overlay.resource.exempt-addresses", r.exemptAddresses(),
                SourceAddress::parse));
        try {
            return new ResourceSettings(r.warningThreshold(), r.dropThreshold(), r.decayWindow(), r.banDuration(),
                    r.exemptLoopback(), exempt, Set.copyOf(r.exemptNodeIds()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("overlay.resource: " + e.getMessage(), e);
        }
    }
}
