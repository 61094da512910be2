package dev.overlay.resource;

/** What a charge means for the peer that incurred it. */
public enum ChargeOutcome {
    /** Below the warning threshold. */
    OK,
    /** Crossed the warning threshold with this charge: tell the peer. */
    WARN,
    /** Crossed the drop threshold: disconnect and ban (unless the address is exempt). */
    DROP,
    /** Crossed the drop threshold, but the peer's node id is exempt: it is neither dropped nor counted as one. */
    SPARED
}
