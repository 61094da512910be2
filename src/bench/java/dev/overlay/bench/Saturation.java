package dev.overlay.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds the highest publish rate at which a relay mode still delivers every message to every node
 * within the latency bound: doubles the rate from the starting one until a trial fails, then halves
 * the interval between the last pass and the first failure a few times. Each trial runs on a fresh
 * network, so a failed trial's backlog cannot spill into the next.
 */
final class Saturation {

    private static final int REFINEMENTS = 3;
    private static final double MAX_RATE = 100_000;
    /** A publisher more than 5% behind its schedule means the origins, not the relay, saturated. */
    private static final double MIN_ACHIEVED = 0.95;

    private final Trial trial;
    private final BenchOptions options;
    private final Consumer<TrialResult> progress;

    Saturation(Trial trial, BenchOptions options, Consumer<TrialResult> progress) {
        this.trial = trial;
        this.options = options;
        this.progress = progress;
    }

    /** The search's outcome: the highest passing rate (0 if none passed) and every trial run. */
    record Outcome(String mode, double sustainedRate, List<TrialResult> trials) {
    }

    Outcome search(RelayMode mode) throws InterruptedException {
        List<TrialResult> trials = new ArrayList<>();
        double pass = 0;
        double fail = 0;
        double rate = options.rate();
        while (fail == 0 && rate <= MAX_RATE) {
            if (passes(run(mode, rate, trials))) {
                pass = rate;
                rate *= 2;
            } else {
                fail = rate;
            }
        }
        for (int i = 0; i < REFINEMENTS && fail > 0 && pass > 0; i++) {
            double middle = Math.round((pass + fail) / 2);
            if (passes(run(mode, middle, trials))) {
                pass = middle;
            } else {
                fail = middle;
            }
        }
        return new Outcome(mode.label(), pass, trials);
    }

    private TrialResult run(RelayMode mode, double rate, List<TrialResult> trials) throws InterruptedException {
        int messages = (int) Math.max(options.origins(), Math.round(rate * options.trialDuration().toSeconds()));
        // Past the bound a trial has failed anyway; waiting longer only slows the search.
        Duration settle = options.latencyBound().plusSeconds(1);
        TrialResult result = trial.run(mode, rate, messages, settle);
        trials.add(result);
        progress.accept(result);
        return result;
    }

    private boolean passes(TrialResult result) {
        return result.deliveredAllWithin(options.latencyBound().toMillis())
                && result.achievedRate() >= MIN_ACHIEVED * result.targetRate();
    }
}
