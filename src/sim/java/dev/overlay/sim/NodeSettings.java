package dev.overlay.sim;

import dev.overlay.discovery.DiscoverySettings;
import dev.overlay.peer.SlotLimits;
import dev.overlay.relay.RelaySettings;
import dev.overlay.resource.ResourceSettings;
import dev.overlay.sync.SyncSettings;
import java.time.Duration;

/**
 * The configuration every simulated node runs with, bound from the same {@code overlay.*} properties
 * and defaults an operator's node reads (see {@link SimOptions#nodeSettings}).
 *
 * @param connectTimeout a dial to an address nobody answers at fails after this
 * @param pingTimeout a crashed peer is noticed (its connection closed) this long after it went silent
 * @param sync the message log and reconciliation settings
 * @param maxFrameSize largest frame body, which bounds answers to fetches
 */
record NodeSettings(RelaySettings relay, DiscoverySettings discovery, SlotLimits slots, ResourceSettings resources,
                    int addressBookCapacity, int closedPeerCapacity, Duration closedPeerRetention,
                    Duration connectTimeout, Duration pingTimeout, SyncSettings sync, int maxFrameSize) {
}
