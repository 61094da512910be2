package dev.overlay.peer;

/** Slot limits that break one of {@link SlotLimits}' rules; the message states the rule. */
public final class InvalidSlotLimitsException extends IllegalArgumentException {

    InvalidSlotLimitsException(String rule) {
        super(rule);
    }
}
