package dev.overlay.sim;

/** Whether the core has message reconciliation (issue 12) for the churn and partition scenarios to drive. */
final class Recovery {

    /** Reported where a scenario would count messages recovered by reconciliation. */
    static final String NOT_AVAILABLE = "not available: the core has no reconciliation yet";

    private Recovery() {
    }
}
