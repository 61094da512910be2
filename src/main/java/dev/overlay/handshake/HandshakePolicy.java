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
                        "offered " + ProtocolVersion.formatList(offered) + ", supported "
                                + ProtocolVersion.formatList(supportedVersions)));
        Duration skew = Duration.between(remote.networkTime(), clock.instant()).abs();
        if (skew.compareTo(maxClockSkew) > 0) {
            throw new HandshakeException(HandshakeFailure.CLOCK_SKEW,
                    "clocks differ by " + skew.toSeconds() + " s, at most " + maxClockSkew.toSeconds() + " s allowed");
        }
        return new Negotiation(version, local.features().intersect(remote.features()));
    }
}
