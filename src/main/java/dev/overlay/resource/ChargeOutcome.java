package dev.overlay.resource;

/** What a charge means for the peer that incurred it. */
public enum ChargeOutcome {
    /** Below the warning threshold. */
    OK,
    /** Crossed the warning threshold with this charge: tell the peer. */
    WARN,
    /** Crossed the drop threshold: disconnect and ban (unless exempt). */
    DROP
}
