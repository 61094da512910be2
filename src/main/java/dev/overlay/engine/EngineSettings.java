package dev.overlay.engine;

import dev.overlay.peer.Endpoint;
import dev.overlay.peer.SlotLimits;
import dev.overlay.tls.TlsProvider;
import java.time.Duration;

/**
 * The engine's view of the configuration, free of Spring types so the engine can be built directly
 * in tests and tools.
 *
 * @param peerHost bind address of the peer port
 * @param peerPort peer port; 0 = ephemeral
 * @param networkId network id sent and required in handshakes
 * @param slots peer slot limits
 * @param minPeers active peers below which the node reports itself unhealthy
 * @param maxFrameSize largest frame body in bytes
 * @param handshakeTimeout a connection not upgraded within this time is cut off
 * @param connectTimeout outbound TCP connect timeout
 * @param maxClockSkew largest accepted clock difference
 * @param pingInterval time between pings
 * @param pingTimeout silence after which a peer is dropped
 * @param closedPeerCapacity recently closed peers kept
 * @param closedPeerRetention how long recently closed peers are kept
 * @param shutdownTimeout bound on a graceful stop
 * @param userAgent product token sent in handshakes
 * @param connectionQuotas handshakes in progress and connections per address accepted at most
 * @param sendQueue per-peer bounds on queued outbound bytes
 * @param bandwidth per-peer and node-wide bandwidth caps
 * @param ioThreads event-loop threads for peer connections; 0 = Netty's default (twice the cores)
 * @param tlsProvider TLS implementation for peer connections
 * @param advertisedEndpoint where peers are told to reach this node, or null to let them combine the
 *     connection's address with the listening port
 */
public record EngineSettings(
        String peerHost,
        int peerPort,
        String networkId,
        SlotLimits slots,
        int minPeers,
        int maxFrameSize,
        Duration handshakeTimeout,
        Duration connectTimeout,
        Duration maxClockSkew,
        Duration pingInterval,
        Duration pingTimeout,
        int closedPeerCapacity,
        Duration closedPeerRetention,
        Duration shutdownTimeout,
        String userAgent,
        ResourceGuard.ConnectionQuotas connectionQuotas,
        SendQueueLimits sendQueue,
        Bandwidth bandwidth,
        int ioThreads,
        TlsProvider tlsProvider,
        Endpoint advertisedEndpoint) {

    public EngineSettings {
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must not be negative");
        }
    }
}
