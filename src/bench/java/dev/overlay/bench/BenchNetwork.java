package dev.overlay.bench;

import dev.overlay.config.OverlayProperties;
import dev.overlay.config.OverlaySettings;
import dev.overlay.sync.MessageLog;
import dev.overlay.sync.VolatileLogStore;
import dev.overlay.engine.CopyLoss;
import dev.overlay.engine.OverlayNode;
import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Endpoint;
import dev.overlay.resource.ResourceManager;
import dev.overlay.store.SqliteAddressBook;
import dev.overlay.store.SqliteBanStore;
import dev.overlay.store.SqliteDatabase;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * N complete nodes in this JVM, each with its own engine, peer port on 127.0.0.1, SQLite file and
 * node key, configured from the same {@code overlay.*} properties an operator sets (defaults unless
 * the bench overrides them), and wired into a fixed topology. Autoconnect is off so the topology
 * stays the one under test. With {@code --loss}, every connection drops that share of the Publish
 * copies it receives ({@link CopyLoss}).
 *
 * <p>Threading: built and closed by the bench's main thread.
 */
final class BenchNetwork implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);
    private final List<OverlayNode> nodes = new ArrayList<>();
    private final List<SqliteDatabase> databases = new ArrayList<>();
    private final Path dataDir;
    private final LongAdder dropped = new LongAdder();

    private BenchNetwork(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Starts the nodes, connects them along {@code topology} and waits until every link is active. */
    static BenchNetwork start(Topology topology, RelayMode mode, BenchOptions options, DeliveryLog log)
            throws InterruptedException {
        OverlaySettings settings = settings(nodeProperties(topology, mode, options));
        BenchNetwork network;
        try {
            network = new BenchNetwork(Files.createTempDirectory("overlay-bench"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            SecureRandom random = new SecureRandom();
            for (int i = 0; i < topology.nodes(); i++) {
                OverlayNode node = network.startNode(settings, random);
                log.nodeStarted(i, node.nodeId());
                node.relay().addListener(log.listenerFor(i));
            }
            network.connect(topology);
            if (options.loss() > 0) {
                for (int i = 0; i < network.nodes.size(); i++) {
                    CopyLoss.install(network.nodes.get(i), options.loss(), options.seed() * 1_000_003L + i,
                            network.dropped);
                }
            }
            return network;
        } catch (RuntimeException | InterruptedException e) {
            network.close();
            throw e;
        }
    }

    /** The operator-facing properties every bench node runs with. */
    private static Map<String, String> nodeProperties(Topology topology, RelayMode mode, BenchOptions options) {
        Map<String, String> properties = new HashMap<>();
        properties.put("overlay.peer-host", "127.0.0.1");
        properties.put("overlay.peer-port", "0");
        properties.put("overlay.network-id", "bench");
        properties.put("overlay.max-peers", Integer.toString(topology.maxDegree() + 1));
        properties.put("overlay.outbound-peers", "0");
        // Every node shares 127.0.0.1: per-address limits would refuse the topology itself.
        properties.put("overlay.max-inbound-per-ip", "10000");
        properties.put("overlay.resource.max-connections-per-ip", "10000");
        // Every link is dialled at once: at N = 50 the default 64 handshakes in progress refuse some.
        properties.put("overlay.resource.max-handshakes", "10000");
        properties.put("overlay.io-threads", Integer.toString(options.ioThreads()));
        properties.put("overlay.relay.max-payload-size", Integer.toString(Math.max(options.size(), 64 * 1024)));
        properties.put("overlay.relay.squelch.enabled", Boolean.toString(mode.squelch()));
        if (mode.squelch()) {
            properties.put("overlay.relay.squelch.selected-peers", Integer.toString(mode.selectedPeers()));
        }
        properties.putAll(options.overrides());
        return properties;
    }

    /** Binds and validates the properties exactly as a node's start-up does. */
    static OverlaySettings settings(Map<String, String> properties) {
        try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
            Binder binder = new Binder(new MapConfigurationPropertySource(properties));
            OverlayProperties bound = binder.bindOrCreate("overlay", Bindable.of(OverlayProperties.class),
                    new ValidationBindHandler(new SpringValidatorAdapter(validation.getValidator())));
            return OverlaySettings.from(bound, "overlay-node/bench");
        }
    }

    private OverlayNode startNode(OverlaySettings settings, SecureRandom random) {
        SqliteDatabase database = SqliteDatabase.open(dataDir.resolve("node-" + nodes.size() + ".db"));
        databases.add(database);
        // The message log in memory only: the harness measures the network, not the disk.
        OverlayNode engine = new OverlayNode(settings.engine(), settings.relay(), settings.discovery(),
                settings.sync(), MessageLog.open(new VolatileLogStore(), settings.sync().log(), Clock.systemUTC()),
                SqliteAddressBook.in(database, 1000, Clock.systemUTC()),
                new ResourceManager(settings.resources(), Clock.systemUTC()), SqliteBanStore.in(database),
                NodeKey.generate(random),
                Clock.systemUTC(), random);
        engine.start();
        nodes.add(engine);
        return engine;
    }

    private void connect(Topology topology) throws InterruptedException {
        List<CompletableFuture<?>> dials = new ArrayList<>();
        for (Topology.Edge edge : topology.edges()) {
            dials.add(nodes.get(edge.from()).connect(new Endpoint("127.0.0.1", nodes.get(edge.to()).peerPort())));
        }
        CompletableFuture.allOf(dials.toArray(CompletableFuture[]::new)).join();
        long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        while (activeLinks() < 2 * topology.edges().size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + activeLinks() / 2 + " of " + topology.edges().size()
                        + " links active after " + CONNECT_TIMEOUT.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private int activeLinks() {
        return nodes.stream().mapToInt(n -> n.registry().activeCount()).sum();
    }

    /** Publish copies the injected loss ({@code --loss}) has dropped so far, over all nodes. */
    long droppedCopies() {
        return dropped.sum();
    }

    List<OverlayNode> nodes() {
        return nodes;
    }

    /** Stops every node (in parallel: each stop waits for its peers' Close) and deletes the data. */
    @Override
    public void close() {
        CompletableFuture.allOf(nodes.stream().map(n -> CompletableFuture.runAsync(n::stop))
                .toArray(CompletableFuture[]::new)).join();
        databases.forEach(SqliteDatabase::close);
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
