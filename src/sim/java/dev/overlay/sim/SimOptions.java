package dev.overlay.sim;

import dev.overlay.config.OverlayProperties;
import dev.overlay.config.OverlaySettings;
import dev.overlay.discovery.DiscoverySettings;
import dev.overlay.peer.Endpoint;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * The command line of {@code scripts/simulate}, parsed and checked; every option has a default.
 */
record SimOptions(String scenario, int nodes, int messages, long seed, int origins, double rate, int size,
                  int warmupPerOrigin, List<String> modes, int regions, double uniformDelayMs, double jitterMs, double processingUs, double bandwidthMbps,
                  LinkModel.UplinkService uplinkService, double loss, double joinSeconds, double stabilizeSeconds, double settleSeconds, int degree,
                  double churnPercentPerMinute, double minutes, double partitionSeconds, double attackerShare,
                  int attackerPer16, Path json, Map<String, String> overrides) {

    static final String USAGE = """
            usage: scripts/simulate [options]
              --scenario S          steady|bootstrap|churn|partition|eclipse|validate (default steady)
              --nodes N             nodes (default 1000)
              --messages M          measured messages per relay mode (default 200)
              --seed S              seed of everything random (default 1)
              --origins K           publishing nodes, round-robin (default 4)
              --rate R              messages/s over all origins (default 50)
              --size BYTES          payload bytes (default 1024)
              --warmup W            messages per origin before measuring (default 30; squelch selects after 20)
              --relay MODES         flood,squelch1,squelch2,squelch3 (default all four)
              --regions R           regions the nodes spread over, 1-5 (default 5)
              --latency-ms MS       one-way delay of every link instead of the region model
              --jitter-ms MS        mean of an exponential delay added to every frame: queueing at the
                                    receiver, as on a loaded machine (default 0)
              --processing-us US    what each received copy costs its node's processor, which handles
                                    copies one at a time (default 0: no CPU model)
              --bandwidth-mbps B    each node's uplink (default 100)
              --uplink-service S    fixed: a frame takes its size over the bandwidth; exponential: a
                                    random time with that mean, a sender on a loaded CPU (default fixed)
              --loss P              probability a frame needs a TCP retransmission (default 0)
              --join-seconds T      nodes join over this time (default 60; bootstrap scenario: 120)
              --stabilize-seconds T after the last join, before publishing (default 30; bootstrap: watched for, 120)
              --settle-seconds T    after the last publish, before counting (default 10)
              --degree D            validate: the bench's random topology with this degree (default 8)
              --churn-percent P     churn: share of nodes replaced per minute (default 1)
              --minutes M           churn/partition/eclipse: how long messages flow or the attack runs (default 10)
              --partition-seconds T partition: how long the split lasts (default 120)
              --attacker-share F    eclipse: attacker addresses as a share of honest nodes (default 0.2)
              --attacker-per-16 A   eclipse: attacker addresses per /16 (default 256)
              --json FILE           also write every figure as JSON
              --set KEY=VALUE       any overlay.* property for every node (repeatable)
            """;

    static SimOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got '" + name + "'\n" + USAGE);
            }
            String value = args[++i];
            if (name.equals("--set")) {
                int eq = value.indexOf('=');
                if (eq < 1 || !value.startsWith("overlay.")) {
                    throw new IllegalArgumentException("--set takes overlay.KEY=VALUE, got '" + value + "'");
                }
                overrides.put(value.substring(0, eq), value.substring(eq + 1));
            } else {
                values.put(name.substring(2), value);
            }
        }
        String scenario = values.getOrDefault("scenario", "steady");
        if (!List.of("steady", "bootstrap", "churn", "partition", "eclipse", "validate").contains(scenario)) {
            throw new IllegalArgumentException("unknown scenario '" + scenario + "'\n" + USAGE);
        }
        List<String> modes = List.of(values.getOrDefault("relay", "flood,squelch1,squelch2,squelch3").split(","));
        for (String mode : modes) {
            if (!mode.matches("flood|squelch[1-9]")) {
                throw new IllegalArgumentException("relay modes are flood or squelchN, got '" + mode + "'");
            }
        }
        SimOptions options = new SimOptions(scenario,
                integer(values, "nodes", 1000, 4),
                integer(values, "messages", 200, 1),
                Long.parseLong(values.getOrDefault("seed", "1")),
                integer(values, "origins", 4, 1),
                decimal(values, "rate", 50),
                integer(values, "size", 1024, 4),
                integer(values, "warmup", 30, 0),
                modes,
                integer(values, "regions", 5, 1),
                decimal(values, "latency-ms", 0),
                decimal(values, "jitter-ms", 0),
                decimal(values, "processing-us", 0),
                decimal(values, "bandwidth-mbps", 100),
                uplinkService(values.getOrDefault("uplink-service", "fixed")),
                decimal(values, "loss", 0),
                decimal(values, "join-seconds", scenario.equals("bootstrap") ? 120 : 60),
                decimal(values, "stabilize-seconds", scenario.equals("bootstrap") ? 120 : 30),
                decimal(values, "settle-seconds", 10),
                integer(values, "degree", 8, 1),
                decimal(values, "churn-percent", 1),
                decimal(values, "minutes", 10),
                decimal(values, "partition-seconds", 120),
                decimal(values, "attacker-share", 0.2),
                integer(values, "attacker-per-16", 256, 1),
                values.containsKey("json") ? Path.of(values.get("json")) : null,
                overrides);
        values.keySet().removeAll(List.of("scenario", "nodes", "messages", "seed", "origins", "rate", "size", "warmup",
                "relay", "regions", "latency-ms", "jitter-ms", "processing-us", "bandwidth-mbps", "uplink-service", "loss", "join-seconds", "stabilize-seconds",
                "settle-seconds", "degree", "churn-percent", "minutes", "partition-seconds", "attacker-share",
                "attacker-per-16", "json"));
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + values.keySet() + "\n" + USAGE);
        }
        if (options.origins() > options.nodes()) {
            throw new IllegalArgumentException("--origins exceeds --nodes");
        }
        return options;
    }

    private static LinkModel.UplinkService uplinkService(String value) {
        return switch (value) {
            case "fixed" -> LinkModel.UplinkService.FIXED;
            case "exponential" -> LinkModel.UplinkService.EXPONENTIAL;
            default -> throw new IllegalArgumentException(
                    "--uplink-service is fixed or exponential, got '" + value + "'");
        };
    }

    private static int integer(Map<String, String> values, String name, int fallback, int min) {
        int value = Integer.parseInt(values.getOrDefault(name, String.valueOf(fallback)));
        if (value < min) {
            throw new IllegalArgumentException("--" + name + " must be at least " + min);
        }
        return value;
    }

    private static double decimal(Map<String, String> values, String name, double fallback) {
        double value = Double.parseDouble(values.getOrDefault(name, String.valueOf(fallback)));
        if (value < 0 || Double.isNaN(value)) {
            throw new IllegalArgumentException("--" + name + " must not be negative");
        }
        return value;
    }

    /** The options as the first output lines and the JSON's {@code options} show them. */
    Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("scenario", scenario);
        d.put("seed", seed);
        d.put("nodes", nodes);
        d.put("messages", messages);
        d.put("origins", origins);
        d.put("rate", rate);
        d.put("size", size);
        d.put("warmupPerOrigin", warmupPerOrigin);
        d.put("relay", String.join(",", modes));
        d.put("regions", regions);
        d.put("latencyMs", uniformDelayMs > 0 ? uniformDelayMs : "regions");
        d.put("jitterMs", jitterMs);
        d.put("processingUs", processingUs);
        d.put("bandwidthMbps", bandwidthMbps);
        d.put("uplinkService", uplinkService.name().toLowerCase(Locale.ROOT));
        d.put("loss", loss);
        d.put("joinSeconds", joinSeconds);
        d.put("stabilizeSeconds", stabilizeSeconds);
        d.put("settleSeconds", settleSeconds);
        switch (scenario) {
            case "validate" -> d.put("degree", degree);
            case "churn" -> {
                d.put("churnPercentPerMinute", churnPercentPerMinute);
                d.put("minutes", minutes);
            }
            case "partition" -> d.put("partitionSeconds", partitionSeconds);
            case "eclipse" -> {
                d.put("attackerShare", attackerShare);
                d.put("attackerPer16", attackerPer16);
                d.put("minutes", minutes);
            }
            default -> { }
        }
        d.put("overrides", overrides);
        return d;
    }

    /**
     * Node settings bound from the {@code overlay.*} properties exactly as a node's start-up binds
     * them (defaults unless overridden), with the relay mode's squelch settings and the seeds as the
     * bootstrap list.
     */
    NodeSettings nodeSettings(String mode, List<Endpoint> seeds) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (mode.equals("flood")) {
            properties.put("overlay.relay.squelch.enabled", "false");
        } else {
            properties.put("overlay.relay.squelch.enabled", "true");
            properties.put("overlay.relay.squelch.selected-peers", mode.substring("squelch".length()));
        }
        properties.putAll(overrides);
        OverlayProperties bound = properties(properties);
        OverlaySettings settings = OverlaySettings.from(bound, "overlay-node/sim");
        DiscoverySettings d = settings.discovery();
        List<Endpoint> bootstrap = new ArrayList<>(d.bootstrap());
        bootstrap.addAll(seeds);
        DiscoverySettings discovery = new DiscoverySettings(bootstrap, d.fixedPeers(), d.fixedPeerBackoff(),
                d.dialBackoff(), d.tickInterval(), d.gossipInterval(), d.livecacheTtl(), d.livecacheCapacity(),
                d.maxGossipHops(), d.maxDialsInFlight(), d.rotationInterval());
        return new NodeSettings(settings.relay(), discovery, settings.engine().slots(), settings.resources(),
                bound.discovery().addressBookCapacity(), settings.engine().closedPeerCapacity(),
                settings.engine().closedPeerRetention(), settings.engine().connectTimeout(),
                settings.engine().pingTimeout(), settings.sync(), settings.engine().maxFrameSize());
    }

    /** The default relay mode's name: squelch with the default selected-peer count, or flood when off. */
    String defaultMode() {
        OverlaySettings settings = OverlaySettings.from(properties(overrides), "overlay-node/sim");
        return settings.relay().squelchEnabled() ? "squelch" + settings.relay().selectedPeers() : "flood";
    }

    private static OverlayProperties properties(Map<String, String> properties) {
        try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
            Binder binder = new Binder(new MapConfigurationPropertySource(properties));
            return binder.bindOrCreate("overlay", Bindable.of(OverlayProperties.class),
                    new ValidationBindHandler(new SpringValidatorAdapter(validation.getValidator())));
        }
    }
}
