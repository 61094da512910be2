package dev.overlay.api;

import dev.overlay.engine.RelayBridge;
import dev.overlay.relay.RelayCounters;
import dev.overlay.relay.RelaySettings;
import dev.overlay.relay.SquelchView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/squelch")
@Tag(name = "squelch", description = "Reduce-relay state: selected sources and squelched peers per origin")
class SquelchController {

    private final RelayBridge relay;

    SquelchController(RelayBridge relay) {
        this.relay = relay;
    }

    /** The squelch report. */
    record SquelchReport(boolean enabled, int selectedPeers, Counters counters, List<Origin> origins) {
    }

    @Schema(name = "SquelchCounters")
    record Counters(long received, long duplicates, long relayed, long suppressed, long replayed,
                    long squelchesSent, long squelchesLifted, long squelchesRefused) {
    }

    record Origin(String origin, List<String> selected, List<Squelched> squelched, int messagesCounted,
                  long selections) {
    }

    record Squelched(String peer, Instant until) {
    }

    @GetMapping
    @Operation(summary = "Per origin: the selected source peers, the squelched peers with expiry, counters")
    CompletableFuture<SquelchReport> squelch() {
        RelaySettings settings = relay.settings();
        RelayCounters c = relay.counters();
        Counters counters = new Counters(c.received.sum(), c.duplicates.sum(), c.relayed.sum(), c.suppressed.sum(),
                c.replayed.sum(), c.squelchesSent.sum(), c.unsquelchesSent.sum(), c.squelchesRefused.sum());
        return relay.squelchViews().thenApply(views -> new SquelchReport(settings.squelchEnabled(),
                settings.selectedPeers(), counters, views.stream().map(SquelchController::origin).toList()));
    }

    private static Origin origin(SquelchView view) {
        return new Origin(view.origin().hex(),
                view.selected().stream().map(Object::toString).toList(),
                view.squelched().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> new Squelched(e.getKey().hex(), e.getValue()))
                        .toList(),
                view.messagesCounted(), view.selections());
    }
}
