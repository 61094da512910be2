package dev.overlay.api;

import dev.overlay.engine.ResourceGuard;
import dev.overlay.engine.SendQueueLimits;
import dev.overlay.engine.Bandwidth;
import dev.overlay.engine.TransportLimits;
import dev.overlay.peer.PeerRegistry;
import java.time.Clock;
import dev.overlay.peer.SlotLimits;
import dev.overlay.peer.SourceAddress;
import dev.overlay.resource.Ban;
import dev.overlay.resource.Consumer;
import dev.overlay.resource.ResourceManager;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/resources")
@Tag(name = "resources", description = "Load accounting, bans and quotas")
class ResourceController {

    private final ResourceGuard resources;
    private final PeerRegistry registry;
    private final TransportLimits transport;
    private final Clock clock;

    ResourceController(ResourceGuard resources, PeerRegistry registry, TransportLimits transport, Clock clock) {
        this.resources = resources;
        this.registry = registry;
        this.transport = transport;
        this.clock = clock;
    }

    /** @param address the IPv4 address, or the IPv6 /64 prefix such as {@code 2001:db8:1:2::/64} */
    record ConsumerView(String address, List<String> nodeIds, long balance, long warnings, long drops,
                        String lastCharge) {
    }

    /** @param address the banned IPv4 address, or IPv6 /64 prefix such as {@code 2001:db8:1:2::/64} */
    record BanView(String address, Instant since, Instant until, String reason) {
        static BanView of(Ban ban) {
            return new BanView(ban.address().toString(), ban.since(), ban.until(), ban.reason());
        }
    }

    record BanRequest(
            @Schema(description = "An IPv4 address, or an IPv6 address or /64 prefix: IPv6 bans cover the /64",
                    example = "203.0.113.7") @NotBlank @Size(max = 48) String address,
            @Schema(description = "Ban length in seconds", example = "3600") @NotNull @Min(1) @Max(31_536_000)
            Long durationSeconds,
            @Schema(example = "abusive client") @Size(max = 256) String reason) {
    }

    /** Every runtime-adjustable quota. Validated as a whole; a bad value is a 400 naming the field. */
    record Limits(
            @Min(1) @Max(10_000) int maxPeers,
            @Min(0) @Max(10_000) int outboundPeers,
            @Schema(description = "Inbound slots, cut to what outboundPeers leaves; absent = all of those;"
                    + " 0 = outbound-only") @Min(0) @Max(10_000) Integer maxInboundPeers,
            @Min(1) @Max(10_000) int maxInboundPerIp,
            @Min(1) @Max(100_000) int maxHandshakes,
            @Min(1) @Max(10_000) int maxConnectionsPerIp,
            @Schema(description = "bytes") @Min(1024) int sendQueueLowWater,
            @Schema(description = "bytes") @Min(2048) int sendQueueHighWater,
            @Schema(description = "bytes per second, 0 = unlimited") @Min(0) long peerReadBytesPerSecond,
            @Schema(description = "bytes per second, 0 = unlimited") @Min(0) long peerWriteBytesPerSecond,
            @Schema(description = "bytes per second, 0 = unlimited") @Min(0) long totalReadBytesPerSecond,
            @Schema(description = "bytes per second, 0 = unlimited") @Min(0) long totalWriteBytesPerSecond) {
    }

    @GetMapping("/consumers")
    @Operation(summary = "Sources (IPv4 addresses, IPv6 /64s) with a load balance: balance, warnings, drops,"
            + " last charge")
    List<ConsumerView> consumers() {
        ResourceManager manager = resources.manager();
        Instant now = clock.instant();
        return manager.consumers().stream().map((Consumer c) -> new ConsumerView(c.address().toString(),
                nodeIdsAt(c.address()),
                Math.round(c.balanceAt(now, manager.settings().decayWindow())), c.warnings(), c.drops(),
                c.lastCharge().map(Enum::name).orElse(null))).toList();
    }

    /** The consumer's link to node identities: the peers currently connected from that source. */
    private List<String> nodeIdsAt(SourceAddress address) {
        return registry.connections().stream()
                .filter(p -> p.source().equals(address))
                .flatMap(p -> p.nodeId().stream())
                .map(id -> id.hex())
                .distinct().sorted().toList();
    }

    @GetMapping("/bans")
    @Operation(summary = "Bans in force")
    List<BanView> bans() {
        return resources.manager().bans().stream().map(BanView::of).toList();
    }

    @PostMapping("/bans")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Ban an IPv4 address, or the /64 of an IPv6 address, for a duration; its connections"
            + " are dropped at once",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(name = "one hour", description = "IPv4 or IPv6; reason is optional",
                            value = "{\"address\": \"203.0.113.7\","
                            + " \"durationSeconds\": 3600, \"reason\": \"abusive client\"}"))))
    @ApiResponse(responseCode = "201", description = "The ban in force")
    @ApiResponse(responseCode = "400", description = "Not an IP address, or a bad duration")
    CompletableFuture<BanView> ban(@Valid @RequestBody BanRequest request) {
        SourceAddress address = source(request.address());
        return resources.ban(address, Duration.ofSeconds(request.durationSeconds()),
                request.reason() == null || request.reason().isBlank() ? "banned by an operator" : request.reason())
                .thenApply(BanView::of);
    }

    @DeleteMapping("/bans/{address}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Lift a ban; for an IPv6 /64, give any address in it")
    @ApiResponse(responseCode = "204", description = "Lifted")
    @ApiResponse(responseCode = "400", description = "Not an IP address")
    @ApiResponse(responseCode = "404", description = "The address is not banned")
    CompletableFuture<Void> lift(@PathVariable String address) {
        return resources.lift(source(address)).thenApply(lifted -> {
            if (!lifted) {
                throw new NotFoundException(address + " is not banned");
            }
            return null;
        });
    }

    @GetMapping("/limits")
    @Operation(summary = "Slot, connection, send-queue and bandwidth quotas in force")
    Limits limits() {
        SlotLimits slots = registry.limits();
        ResourceGuard.ConnectionQuotas quotas = resources.quotas();
        SendQueueLimits queue = transport.sendQueue();
        Bandwidth bandwidth = transport.bandwidth();
        return new Limits(slots.maxPeers(), slots.outboundTarget(), slots.maxInbound(), slots.maxInboundPerIp(),
                quotas.maxHandshakes(),
                quotas.maxConnectionsPerIp(), queue.lowWater(), queue.highWater(), bandwidth.peerRead(),
                bandwidth.peerWrite(), bandwidth.totalRead(), bandwidth.totalWrite());
    }

    @PutMapping("/limits")
    @Operation(summary = "Change quotas at runtime; existing connections are not dropped",
            description = "Send every quota; take the current ones from GET /api/v1/resources/limits and change"
                    + " what you need.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(name = "defaults", description = "The quotas of a node on default settings",
                            value = "{\"maxPeers\": 21, \"outboundPeers\": 10, \"maxInboundPeers\": 11,"
                            + " \"maxInboundPerIp\": 2, \"maxHandshakes\": 64, \"maxConnectionsPerIp\": 8,"
                            + " \"sendQueueLowWater\": 524288, \"sendQueueHighWater\": 1048576,"
                            + " \"peerReadBytesPerSecond\": 0, \"peerWriteBytesPerSecond\": 0,"
                            + " \"totalReadBytesPerSecond\": 0, \"totalWriteBytesPerSecond\": 0}"))))
    @ApiResponse(responseCode = "200", description = "The quotas now in force")
    @ApiResponse(responseCode = "400", description = "A value out of range; the problem names the field")
    Limits setLimits(@Valid @RequestBody Limits limits) {
        if (limits.sendQueueLowWater() >= limits.sendQueueHighWater()) {
            throw new InvalidInputException("sendQueueLowWater", "must be below sendQueueHighWater");
        }
        SlotLimits slots = SlotLimits.requested(limits.maxPeers(), limits.outboundPeers(), limits.maxInboundPeers(),
                limits.maxInboundPerIp());
        SendQueueLimits current = transport.sendQueue();
        registry.setLimits(slots);
        resources.setQuotas(new ResourceGuard.ConnectionQuotas(limits.maxHandshakes(),
                limits.maxConnectionsPerIp()));
        transport.setSendQueue(new SendQueueLimits(limits.sendQueueLowWater(), limits.sendQueueHighWater(),
                current.slowTimeout()));
        transport.setBandwidth(new Bandwidth(limits.peerReadBytesPerSecond(), limits.peerWriteBytesPerSecond(),
                limits.totalReadBytesPerSecond(), limits.totalWriteBytesPerSecond()));
        return limits();
    }

    private static SourceAddress source(String text) {
        return Inputs.address("address", text);
    }
}
