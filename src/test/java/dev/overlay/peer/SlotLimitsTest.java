package dev.overlay.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How the configured slots are split between outbound and inbound, and how a refusal names them. */
class SlotLimitsTest {

    @Test
    void withoutAnOutboundTargetHalfTheSlotsRoundedDownGoToOutbound() {
        SlotLimits limits = SlotLimits.configured(3, null, null, 2);

        assertThat(limits.outboundTarget()).isEqualTo(1);
        assertThat(limits.maxInbound()).isEqualTo(2);
    }

    @Test
    void theDerivedOutboundTargetIsAtMostTen() {
        SlotLimits limits = SlotLimits.configured(21, null, null, 2);

        assertThat(limits.outboundTarget()).isEqualTo(10);
        assertThat(limits.maxInbound()).isEqualTo(11);
        assertThat(SlotLimits.configured(100, null, null, 2).outboundTarget()).isEqualTo(10);
    }

    @Test
    void aSingleSlotIsKeptForOutboundSoTheNodeCanJoin() {
        SlotLimits limits = SlotLimits.configured(1, null, null, 2);

        assertThat(limits.outboundTarget()).isEqualTo(1);
        assertThat(limits.maxInbound()).isZero();
    }

    @Test
    void anExplicitOutboundTargetIsKeptAndCutToMaxPeers() {
        assertThat(SlotLimits.configured(21, 4, null, 2).outboundTarget()).isEqualTo(4);
        assertThat(SlotLimits.configured(3, 10, null, 2).outboundTarget()).isEqualTo(3);
        assertThat(SlotLimits.configured(3, 10, null, 2).maxInbound()).isZero();
    }

    @Test
    void maxInboundPeersLimitsInboundBelowWhatOutboundLeaves() {
        assertThat(SlotLimits.configured(21, 10, 5, 2).maxInbound()).isEqualTo(5);
        assertThat(SlotLimits.configured(21, 10, 50, 2).maxInbound()).isEqualTo(11);
    }

    @Test
    void maxInboundPeersZeroMakesAnOutboundOnlyNode() {
        SlotLimits limits = SlotLimits.configured(21, null, 0, 2);

        assertThat(limits.outboundOnly()).isTrue();
        assertThat(SlotLimits.configured(3, 3, null, 2).outboundOnly()).isFalse();
    }

    @Test
    void inboundBeyondWhatOutboundLeavesIsRejected() {
        assertThatThrownBy(() -> new SlotLimits(3, 2, 2, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(1)");
    }

    @Test
    void requestedLimitsRefuseAnOutboundTargetAboveMaxPeers() {
        assertThatThrownBy(() -> SlotLimits.requested(3, 4, null, 2)).isInstanceOf(InvalidSlotLimitsException.class)
                .hasMessage("outboundPeers: must be between 0 and maxPeers (3)");
    }

    @Test
    void requestedLimitsCutMaxInboundPeersToWhatOutboundLeaves() {
        assertThat(SlotLimits.requested(21, 10, 50, 2).maxInbound()).isEqualTo(11);
        assertThat(SlotLimits.requested(21, 10, 5, 2).maxInbound()).isEqualTo(5);
        assertThat(SlotLimits.requested(21, 10, null, 2).maxInbound()).isEqualTo(11);
    }

    @Test
    void refusalSaysWhenOutboundKeepsEverySlot() {
        assertThat(SlotLimits.configured(3, 10, null, 2).inboundRefusal(0, 3))
                .isEqualTo("no inbound slots: 3 of 3 kept for outbound");
    }

    @Test
    void refusalSaysWhenTheInboundSlotsAreFull() {
        assertThat(SlotLimits.configured(21, null, null, 2).inboundRefusal(11, 15))
                .isEqualTo("inbound slots full: 11 of 11");
    }

    @Test
    void refusalSaysWhenTheNodeOnlyDialsOut() {
        assertThat(SlotLimits.configured(21, null, 0, 2).inboundRefusal(0, 4))
                .isEqualTo("no inbound slots: this node only dials out (max-inbound-peers=0)");
    }

    @Test
    void refusalSaysWhenEverySlotIsTakenThoughInboundHasRoom() {
        assertThat(SlotLimits.configured(4, 1, null, 2).inboundRefusal(1, 4)).isEqualTo("all slots in use: 4 of 4");
    }
}
