package dev.overlay.config;

import dev.overlay.tls.TlsProvider;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Everything an operator sets under {@code overlay.*}. Validated at start-up, so a bad value stops the
 * node with a message naming the property instead of surfacing later as odd peer behaviour.
 *
 * @param peerHost address the TLS peer port binds to
 * @param peerPort TLS peer port; 0 picks an ephemeral port (tests)
 * @param advertisedEndpoint {@code ip:port} peers are told to reach this node at (behind NAT or a mapped
 *     port); unset = peers combine the connection's address with the peer port
 * @param dataDir node state directory: key file, API token file, database
 * @param networkId only nodes with the same network id peer with each other
 * @param maxPeers total peer slots, inbound and outbound
 * @param outboundPeers outbound connections autoconnect keeps; unset = half of {@code maxPeers}, at most
 *     10, at least 1 (see {@code SlotLimits.configured}); inbound may use the other slots
 * @param maxInboundPeers inbound slots; unset = every slot the outbound target leaves; 0 = the node only
 *     dials out
 * @param maxInboundPerIp inbound connections accepted from one IPv4 address or IPv6 /64
 * @param minPeers active peers below which health reports the overlay as down
 * @param fixedPeers {@code host:port} endpoints kept connected, retried with backoff
 * @param bootstrap {@code host:port} endpoints to start from; DNS names are re-resolved on every dial
 * @param reservedPeers node ids that may connect inbound even when the slots are full
 * @param apiToken bearer token for mutating API calls; generated and stored in the data dir if unset
 * @param handshake handshake limits
 * @param frames frame limits
 * @param ping liveness probing
 * @param fixedPeerBackoff retry delays for fixed peers
 * @param closedPeers how many recently closed peers stay visible, and for how long
 * @param shutdownTimeout how long a graceful stop waits for peers to take their {@code Close}
 * @param ioThreads event-loop threads serving peer connections; 0 = twice the available cores
 * @param tlsProvider TLS implementation: {@code auto} (BoringSSL where available), {@code jdk}, {@code openssl}
 * @param relay message relay and squelch
 * @param discovery endpoint gossip, autoconnect and the address book
 * @param resource load accounting, bans and connection quotas
 */
@Validated
@ConfigurationProperties("overlay")
public record OverlayProperties(
        @DefaultValue("0.0.0.0") @NotBlank String peerHost,
        @DefaultValue("51235") @Min(0) @Max(65535) int peerPort,
        String advertisedEndpoint,
        @DefaultValue("./data") @NotNull Path dataDir,
        @DefaultValue("main") @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String networkId,
        @DefaultValue("21") @Min(1) @Max(10_000) int maxPeers,
        @Min(0) @Max(10_000) Integer outboundPeers,
        @Min(0) @Max(10_000) Integer maxInboundPeers,
        @DefaultValue("2") @Min(1) @Max(10_000) int maxInboundPerIp,
        @DefaultValue("0") @Min(0) @Max(10_000) int minPeers,
        @DefaultValue List<@Pattern(regexp = "\\S{3,261}") String> fixedPeers,
        @DefaultValue List<@Pattern(regexp = "\\S{3,261}") String> bootstrap,
        @DefaultValue List<@Pattern(regexp = "[0-9a-fA-F]{64}") String> reservedPeers,
        String apiToken,
        @DefaultValue @Valid Handshake handshake,
        @DefaultValue @Valid Frames frames,
        @DefaultValue @Valid Ping ping,
        @DefaultValue @Valid Backoff fixedPeerBackoff,
        @DefaultValue @Valid ClosedPeers closedPeers,
        @DefaultValue("5s") @NotNull Duration shutdownTimeout,
        @DefaultValue("0") @Min(0) @Max(256) int ioThreads,
        @DefaultValue("auto") @NotNull TlsProvider tlsProvider,
        @DefaultValue @Valid Relay relay,
        @DefaultValue @Valid Discovery discovery,
        @DefaultValue @Valid Resource resource) {

    /**
     * @param timeout a connection that is not upgraded within this time is cut off
     * @param maxClockSkew largest accepted difference between the peers' clocks
     * @param connectTimeout TCP connect timeout for outbound connections
     */
    public record Handshake(
            @DefaultValue("10s") @NotNull Duration timeout,
            @DefaultValue("30s") @NotNull Duration maxClockSkew,
            @DefaultValue("5s") @NotNull Duration connectTimeout) {
    }

    /** @param maxSize largest frame body accepted or sent */
    public record Frames(@DefaultValue("4MB") @DataSizeUnit(DataUnit.BYTES) @NotNull DataSize maxSize) {
    }

    /**
     * @param interval time between pings to each active peer
     * @param timeout a peer that has not answered a ping for this long is disconnected
     */
    public record Ping(
            @DefaultValue("30s") @NotNull Duration interval,
            @DefaultValue("90s") @NotNull Duration timeout) {
    }

    /** Exponential backoff with full jitter between {@code initial} and {@code max}. */
    public record Backoff(
            @DefaultValue("1s") @NotNull Duration initial,
            @DefaultValue("5m") @NotNull Duration max) {
    }

    /**
     * @param capacity most recently closed peers kept
     * @param retention how long a closed peer stays listed
     */
    public record ClosedPeers(
            @DefaultValue("100") @Min(0) @Max(10_000) int capacity,
            @DefaultValue("10m") @NotNull Duration retention) {
    }

    /**
     * @param squelch reduce-relay settings
     * @param seenCache message ids remembered for deduplication
     * @param maxMessageAge messages older (or newer) than this are dropped; at most half the seen-cache age
     * @param maxHops a message that has travelled this many hops is not relayed further
     * @param maxPayloadSize largest message payload accepted or published
     * @param streamQueue messages buffered per event-stream subscriber before it is dropped as too slow
     * @param maxStreamSubscribers subscribers of each event stream ({@code /messages/stream},
     *     {@code /events}) at once; more are answered 503, since each holds a sender thread while blocked
     * @param retention how long the message log keeps a message (by its signed timestamp); peers
     *     reconcile, and streams resume, within this window
     * @param retentionMaxMessages most messages the log keeps; the oldest go first
     * @param retentionMaxBytes most bytes (payloads plus 200 each) the log keeps, in memory and on disk
     * @param sync reconciliation with peers
     */
    public record Relay(
            @DefaultValue @Valid Squelch squelch,
            @DefaultValue @Valid SeenCache seenCache,
            @DefaultValue("2m") @NotNull Duration maxMessageAge,
            @DefaultValue("16") @Min(1) @Max(255) int maxHops,
            @DefaultValue("64KB") @NotNull DataSize maxPayloadSize,
            @DefaultValue("1024") @Min(1) @Max(100_000) int streamQueue,
            @DefaultValue("64") @Min(1) @Max(1024) int maxStreamSubscribers,
            @DefaultValue("10m") @NotNull Duration retention,
            @DefaultValue("100000") @Min(100) @Max(10_000_000) int retentionMaxMessages,
            @DefaultValue("64MB") @NotNull DataSize retentionMaxBytes,
            @DefaultValue @Valid Sync sync) {
    }

    /**
     * @param enabled whether this node offers {@code sync=1} and reconciles its message log with peers
     * @param interval how often each peer that negotiated it is reconciled with (also once at activation)
     */
    public record Sync(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("10s") @NotNull Duration interval) {
    }

    /**
     * @param enabled whether this node squelches redundant sources and offers the feature to peers
     * @param selectedPeers source peers kept per origin
     * @param threshold distinct messages of an origin counted before sources are selected
     * @param minDuration lower bound of a squelch's random duration
     * @param maxDuration upper bound of a squelch's random duration (at most 1h)
     * @param idleTimeout a selected source silent this long while its origin publishes (copies from
     *     other peers, or messages recovered by reconciliation) is replaced
     * @param replayWindow copies withheld from a peer this recently are sent when it lifts its squelch
     */
    public record Squelch(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("3") @Min(1) @Max(16) int selectedPeers,
            @DefaultValue("20") @Min(1) @Max(100_000) int threshold,
            @DefaultValue("300s") @NotNull Duration minDuration,
            @DefaultValue("600s") @NotNull Duration maxDuration,
            @DefaultValue("8s") @NotNull Duration idleTimeout,
            @DefaultValue("30s") @NotNull Duration replayWindow) {
    }

    /**
     * @param maxEntries most message ids remembered
     * @param maxAge how long a message id is remembered
     */
    public record SeenCache(
            @DefaultValue("100000") @Min(100) @Max(10_000_000) int maxEntries,
            @DefaultValue("5m") @NotNull Duration maxAge) {
    }

    /**
     * @param tickInterval how often autoconnect runs
     * @param gossipInterval how often each peer is sent an {@code Endpoints} message
     * @param livecacheTtl how long a gossiped endpoint stays a candidate
     * @param livecacheCapacity most gossiped endpoints kept
     * @param maxGossipHops gossiped endpoints heard further away are dropped
     * @param maxDialsInFlight most outbound attempts at once
     * @param dialBackoff retry delays for endpoints that failed
     * @param addressBookCapacity most endpoints kept in the address book; lowest scores go first
     * @param rotationInterval how often, on average, a node at its outbound target replaces its
     *     longest-held outbound peer (one the relay has not selected as a source, while there is
     *     one) by a random address-book endpoint, so that a network split by a
     *     partition joins again once it heals; 0 turns rotation off
     */
    public record Discovery(
            @DefaultValue("1s") @NotNull Duration tickInterval,
            @DefaultValue("30s") @NotNull Duration gossipInterval,
            @DefaultValue("30s") @NotNull Duration livecacheTtl,
            @DefaultValue("1000") @Min(10) @Max(100_000) int livecacheCapacity,
            @DefaultValue("6") @Min(1) @Max(32) int maxGossipHops,
            @DefaultValue("20") @Min(1) @Max(1000) int maxDialsInFlight,
            @DefaultValue @Valid Backoff dialBackoff,
            @DefaultValue("1000") @Min(10) @Max(1_000_000) int addressBookCapacity,
            @DefaultValue("5m") @NotNull Duration rotationInterval) {
    }

    /**
     * @param warningThreshold load balance at which a peer is sent {@code LoadWarning}
     * @param dropThreshold load balance at which a peer is disconnected and its address banned
     * @param decayWindow time constant of the balance's exponential decay
     * @param banDuration how long an address dropped for load stays banned
     * @param exemptLoopback never ban loopback addresses
     * @param exemptAddresses IP addresses never banned; an IPv6 address exempts its /64
     * @param exemptNodeIds node ids never dropped for load or banned
     * @param maxHandshakes connections accepted but not yet upgraded, at most; one source may hold a
     *     sixteenth of them, and a full table closes the oldest of the most represented network to admit
     *     a newcomer
     * @param maxConnectionsPerIp connections in any state from one IPv4 address or IPv6 /64, at most
     * @param sendQueueLowWater queued outbound bytes per peer below which it is writable again
     * @param sendQueueHighWater queued outbound bytes per peer above which relayed traffic is shed
     * @param slowPeerTimeout a peer whose send queue stays above the high-water mark this long is dropped
     * @param peerReadRate bytes per second read from one peer at most (0 = unlimited)
     * @param peerWriteRate bytes per second written to one peer at most (0 = unlimited)
     * @param totalReadRate bytes per second read from all peers together at most (0 = unlimited)
     * @param totalWriteRate bytes per second written to all peers together at most (0 = unlimited)
     */
    public record Resource(
            @DefaultValue("5000") @Min(1) int warningThreshold,
            @DefaultValue("25000") @Min(2) int dropThreshold,
            @DefaultValue("32s") @NotNull Duration decayWindow,
            @DefaultValue("30m") @NotNull Duration banDuration,
            @DefaultValue("true") boolean exemptLoopback,
            @DefaultValue List<@NotBlank String> exemptAddresses,
            @DefaultValue List<@Pattern(regexp = "[0-9a-f]{64}") String> exemptNodeIds,
            @DefaultValue("64") @Min(1) @Max(100_000) int maxHandshakes,
            @DefaultValue("8") @Min(1) @Max(10_000) int maxConnectionsPerIp,
            @DefaultValue("512KB") @NotNull DataSize sendQueueLowWater,
            @DefaultValue("1MB") @NotNull DataSize sendQueueHighWater,
            @DefaultValue("30s") @NotNull Duration slowPeerTimeout,
            @DefaultValue("0") @NotNull DataSize peerReadRate,
            @DefaultValue("0") @NotNull DataSize peerWriteRate,
            @DefaultValue("0") @NotNull DataSize totalReadRate,
            @DefaultValue("0") @NotNull DataSize totalWriteRate) {
    }
}
