package dev.overlay.resource;

import dev.overlay.peer.SourceAddress;
import java.time.Duration;
import java.util.Set;

/**
 * Load accounting limits (the {@code overlay.resource.*} properties).
 *
 * @param warningThreshold balance at which a peer is sent {@code LoadWarning}
 * @param dropThreshold balance at which a peer is disconnected and its address banned
 * @param decayWindow time constant of the balance's exponential decay
 * @param banDuration how long a dropped address stays banned
 * @param exemptLoopback never ban loopback addresses (charges are still counted)
 * @param exemptAddresses sources never banned (an exempt IPv6 address exempts its /64)
 * @param exemptNodeIds node ids (hex) whose connections are never dropped for load or banned
 */
public record ResourceSettings(
        int warningThreshold,
        int dropThreshold,
        Duration decayWindow,
        Duration banDuration,
        boolean exemptLoopback,
        Set<SourceAddress> exemptAddresses,
        Set<String> exemptNodeIds) {

    public ResourceSettings {
        if (warningThreshold <= 0 || dropThreshold <= warningThreshold) {
            throw new IllegalArgumentException("thresholds need 0 < warning < drop");
        }
        exemptAddresses = Set.copyOf(exemptAddresses);
        exemptNodeIds = Set.copyOf(exemptNodeIds);
    }
}
