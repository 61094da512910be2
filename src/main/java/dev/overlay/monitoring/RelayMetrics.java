package dev.overlay.monitoring;

import dev.overlay.engine.RelayBridge;
import dev.overlay.relay.RelayCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/** Exports the relay's counters to Micrometer ({@code /actuator/metrics}, {@code /actuator/prometheus}). */
@Component
class RelayMetrics implements MeterBinder {

    private final RelayCounters counters;

    RelayMetrics(RelayBridge relay) {
        this.counters = relay.counters();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "overlay.relay.received", "Message copies received from peers", c -> c.received);
        counter(registry, "overlay.relay.duplicates", "Copies of messages already seen", c -> c.duplicates);
        counter(registry, "overlay.relay.delivered", "First copies delivered locally", c -> c.delivered);
        counter(registry, "overlay.relay.relayed", "Copies sent to peers", c -> c.relayed);
        counter(registry, "overlay.relay.suppressed", "Copies not sent because the peer squelched the origin",
                c -> c.suppressed);
        counter(registry, "overlay.relay.replayed", "Withheld copies sent when a peer lifted its squelch",
                c -> c.replayed);
        counter(registry, "overlay.relay.invalid", "Messages with a bad signature or shape", c -> c.invalid);
        counter(registry, "overlay.relay.expired", "Messages dropped as too old or from the future", c -> c.expired);
        counter(registry, "overlay.relay.listener.failures", "Local delivery listeners that threw",
                c -> c.listenerFailures);
        counter(registry, "overlay.squelch.sent", "Squelch requests sent to peers", c -> c.squelchesSent);
        counter(registry, "overlay.squelch.lifted", "Unsquelch requests sent to peers", c -> c.unsquelchesSent);
        counter(registry, "overlay.squelch.refused", "Squelch requests from peers ignored", c -> c.squelchesRefused);
    }

    private void counter(MeterRegistry registry, String name, String description,
                         Function<RelayCounters, LongAdder> field) {
        LongAdder adder = field.apply(counters);
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description).register(registry);
    }
}
