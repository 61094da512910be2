package dev.overlay.resource;

/**
 * The result of one charge.
 *
 * @param outcome what the charge means for the peer
 * @param balance the source's balance right after the charge (before a drop starts it over), as told
 *     to the peer in a {@code LoadWarning}
 */
public record Charge(ChargeOutcome outcome, double balance) {
}
