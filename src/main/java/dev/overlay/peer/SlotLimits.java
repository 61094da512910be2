package dev.overlay.peer;

/**
 * How many peers a node keeps. The outbound target's slots are kept from inbound use; inbound
 * connections may take at most {@code maxInbound} of the others, at most {@code maxInboundPerIp} from
 * one source (an IPv4 address or an IPv6 /64, see {@link SourceAddress}); reserved node ids may connect
 * inbound even when full.
 *
 * @param maxPeers total slots, inbound and outbound
 * @param outboundTarget outbound connections autoconnect aims for; their slots are kept from inbound use
 * @param maxInbound inbound slots, at most {@code maxPeers - outboundTarget}; 0 = outbound-only
 * @param maxInboundPerIp inbound connections accepted from one IPv4 address or IPv6 /64
 */
public record SlotLimits(int maxPeers, int outboundTarget, int maxInbound, int maxInboundPerIp) {

    /** The outbound target a node derives when none is set: half the slots, rounded down, at most this. */
    public static final int DERIVED_OUTBOUND_CAP = 10;

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
        if (maxInbound < 0 || maxInbound > maxPeers - outboundTarget) {
            throw new InvalidSlotLimitsException("maxInboundPeers: must be between 0 and the slots outboundPeers"
                    + " leaves (" + (maxPeers - outboundTarget) + ")");
        }
    }

    /** Every slot the outbound target leaves is open to inbound connections. */
    public SlotLimits(int maxPeers, int outboundTarget, int maxInboundPerIp) {
        this(maxPeers, outboundTarget, maxPeers - outboundTarget, maxInboundPerIp);
    }

    /**
     * The limits an operator's settings give. Without an outbound target, half of {@code maxPeers}
     * (rounded down, at most {@link #DERIVED_OUTBOUND_CAP}) go to outbound and the rest stay open to
     * inbound, so a small node still accepts peers; a single slot is kept for outbound so that such a node
     * can join a network. An outbound target above {@code maxPeers} is cut to it. Without a
     * {@code maxInbound}, inbound may use every slot the outbound target leaves; a larger one is cut to that.
     *
     * @param outboundTarget the configured target, or null to derive it
     * @param maxInbound the configured inbound limit, or null for all the slots outbound leaves
     */
    public static SlotLimits configured(int maxPeers, Integer outboundTarget, Integer maxInbound, int maxInboundPerIp) {
        int outbound = outboundTarget != null ? Math.min(outboundTarget, maxPeers)
                : Math.max(1, Math.min(DERIVED_OUTBOUND_CAP, maxPeers / 2));
        int open = maxPeers - outbound;
        return new SlotLimits(maxPeers, outbound, maxInbound == null ? open : Math.min(maxInbound, open),
                maxInboundPerIp);
    }

    /**
     * The limits an operator sets on a running node. Unlike {@link #configured}, an outbound target
     * above {@code maxPeers} is refused rather than cut, since the caller names both values at once; a
     * {@code maxInbound} beyond what the outbound target leaves is cut to it.
     *
     * @param maxInbound the inbound limit, or null for all the slots outbound leaves
     */
    public static SlotLimits requested(int maxPeers, int outboundTarget, Integer maxInbound, int maxInboundPerIp) {
        SlotLimits open = new SlotLimits(maxPeers, outboundTarget, maxInboundPerIp);
        return maxInbound == null || maxInbound >= open.maxInbound() ? open
                : new SlotLimits(maxPeers, outboundTarget, maxInbound, maxInboundPerIp);
    }

    /** Whether inbound connections are refused by choice ({@code max-inbound-peers=0}), not for lack of slots. */
    public boolean outboundOnly() {
        return maxInbound == 0 && outboundTarget < maxPeers;
    }

    /**
     * Why an inbound connection finds no slot, for the refusal the remote sees.
     *
     * @param inbound inbound connections holding a slot, reserved peers not counted
     * @param used slots held in both directions
     */
    public String inboundRefusal(long inbound, int used) {
        if (outboundOnly()) {
            return "no inbound slots: this node only dials out (max-inbound-peers=0)";
        }
        if (maxInbound == 0) {
            return "no inbound slots: " + outboundTarget + " of " + maxPeers + " kept for outbound";
        }
        if (inbound >= maxInbound) {
            return "inbound slots full: " + inbound + " of " + maxInbound;
        }
        return "all slots in use: " + used + " of " + maxPeers;
    }
}
