package dev.overlay.handshake;

import dev.overlay.identity.NodeId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The rules a hello must pass, on either side of the handshake, given the node id the TLS
 * certificate proved. Immutable and thread-safe; pure apart from reading the clock.
 */
public final class HandshakePolicy {

    private final Hello local;
    private final List<ProtocolVersion> supportedVersions;
    private final Duration maxClockSkew;
    private final Clock clock;

    public HandshakePolicy(Hello local, List<ProtocolVersion> supportedVersions, Duration maxClockSkew, Clock clock) {
        this.local = local;
        this.supportedVersions = List.copyOf(supportedVersions);
        this.maxClockSkew = maxClockSkew;
        this.clock = clock;
    }

    public List<ProtocolVersion> supportedVersions() {
        return supportedVersions;
    }

    /** This node's hello with the current time. */
    public Hello localHello() {
        return new Hello(local.networkId(), local.nodeId(), local.instanceCookie(),
                clock.instant(), local.listenPort(), local.features(), local.userAgent(), local.advertisedEndpoint());
    }

    /** Checks a remote hello, then negotiates the highest common version among {@code offered}. */
    public Negotiation check(Hello remote, NodeId certified, List<ProtocolVersion> offered) {
        if (!remote.nodeId().equals(certified)) {
            throw new HandshakeException(HandshakeFailure.PUBLIC_KEY_MISMATCH,
                    "header says " + remote.nodeId().shortForm() + ", certificate proves " + certified.shortForm());
        }
        if (certified.equals(local.nodeId()) || remote.instanceCookie() == local.instanceCookie()) {
            throw new HandshakeException(HandshakeFailure.SELF_CONNECTION, null);
        }
        if (!remote.networkId().equals(local.networkId())) {
            throw new HandshakeException(HandshakeFailure.NETWORK_ID_MISMATCH,
                    "expected '" + local.networkId() + "', got '" + remote.networkId() + "'");
        }
        ProtocolVersion version = ProtocolVersion.highestCommon(offered, supportedVersions)
                .orElseThrow(() -> new HandshakeException(HandshakeFailure.NO_COMMON_VERSION,
                        "offered " + (offered.isEmpty() ? "no OVL/<major>.<minor> version" : ProtocolVersion.formatList(offered))
                                + ", supported " + ProtocolVersion.formatList(supportedVersions)));
        // The header carries whole seconds, so the local clock is compared in whole seconds too: in
        // milliseconds a remote exactly at the bound would pass when ahead and fail when behind.
        long skewSeconds = Math.abs(remote.networkTime().getEpochSecond() - clock.instant().getEpochSecond());
        if (skewSeconds > maxClockSkew.toSeconds()) {
            throw new HandshakeException(HandshakeFailure.CLOCK_SKEW,
                    "clocks differ by " + skewSeconds + " s, at most " + maxClockSkew.toSeconds() + " s allowed");
        }
        return new Negotiation(version, local.features().intersect(remote.features()));
    }
}
