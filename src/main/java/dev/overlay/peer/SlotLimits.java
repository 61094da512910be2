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

    /** The one place the slot rules are checked; each has one message. */
    public SlotLimits {
        if (maxPeers < 1) {
            throw new InvalidSlotLimitsException("maxPeers: must be at least 1");
        }
        if (outboundTarget < 0 || outboundTarget > maxPeers) {
            throw new InvalidSlotLimitsException("outboundPeers: must be between 0 and maxPeers (" + maxPeers + ")");
        }
        if (maxInboundPerIp < 1) {
            throw new InvalidSlotLimitsException("maxInboundPerIp: must be at least 1");
        }
    }

    public int maxInbound() {
        return maxPeers - outboundTarget;
    }
}
