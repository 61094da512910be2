package dev.overlay.peer;

/**
 * How many peers a node keeps. Inbound connections may take the slots the outbound target leaves
 * ({@code maxPeers - outboundTarget}), at most {@code maxInboundPerIp} from one source (an IPv4
 * address or an IPv6 /64, see {@link SourceAddress}); reserved
 * node ids may connect inbound even when full.
 *
 * @param maxPeers total slots, inbound and outbound
 * @param outboundTarget outbound connections autoconnect aims for; their slots are kept from inbound use
 * @param maxInboundPerIp inbound connections accepted from one IPv4 address or IPv6 /64
 */
public record SlotLimits(int maxPeers, int outboundTarget, int maxInboundPerIp) {

    public SlotLimits {
        if (maxPeers < 1 || outboundTarget < 0 || outboundTarget > maxPeers || maxInboundPerIp < 1) {
            throw new IllegalArgumentException("slot limits need 0 <= outbound target <= max peers, max peers >= 1"
                    + " and at least one inbound connection per IP");
        }
    }

    /** All slots open to both directions, no per-IP limit. */
    public static SlotLimits total(int maxPeers) {
        return new SlotLimits(maxPeers, 0, Integer.MAX_VALUE);
    }

    public int maxInbound() {
        return maxPeers - outboundTarget;
    }
}
