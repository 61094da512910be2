package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped Grafana dashboard and Prometheus configuration cannot drift from the node: every metric a
 * panel queries is exported by a running node that has peered, relayed and disconnected, and Prometheus
 * scrapes every node of the compose network.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("deploy", "grafana", "overlay-node.json");
    private static final Path PROMETHEUS = Path.of("deploy", "prometheus", "prometheus.yml");
    private static final Path COMPOSE = Path.of("docker-compose.yml");
    /** PromQL words that look like metric names: operators, grouping and modifiers. */
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*(?=\\s*(\\(?))");

    @RegisterExtension
    static final RunningNodes nodes = new RunningNodes();

    private static RunningNode node;
    private static String exported;

    @BeforeAll
    static void runANodeThroughPeeringRelayAndDisconnect() {
        node = nodes.start("node");
        try (RunningNode peer = nodes.start("peer")) {
            assertThat(node.connectTo(peer).status()).isEqualTo(201);
            assertThat(peer.post("/api/v1/messages", "{\"topic\":\"t\",\"payload\":\"aGk=\"}").status())
                    .isEqualTo(201);
            await().until(() -> node.get("/api/v1/messages?topic=t").json().size() == 1);
            await().until(() -> node.get("/api/v1/peers/" + peer.nodeId()).json().path("latencyMillis").isNumber());
        }
        await().until(() -> node.get("/api/v1/peers").json().isEmpty());
        exported = node.get("/actuator/prometheus").body();
    }

    @Test
    void everyMetricAPanelQueriesIsExportedByARunningNode() throws IOException {
        Set<String> queried = new LinkedHashSet<>();
        for (String query : queries()) {
            queried.addAll(metricNames(query));
        }

        assertThat(queried).hasSizeGreaterThan(10);
        assertThat(queried).allSatisfy(metric -> assertThat(exportedNames()).as("exported metrics").contains(metric));
    }

    @Test
    void metricNamesAreReadFromAQueryWithoutFunctionsLabelsRangesOrGrouping() {
        assertThat(metricNames("histogram_quantile(0.95, sum by (instance, le) (rate(a_bucket{x=~\"y|z\"}[5m])))"
                + " / on (instance) b_total offset 5m")).containsExactly("a_bucket", "b_total");
    }

    @Test
    void everyPanelHasATitleAndAQueryOnTheDatasourceVariable() throws IOException {
        JsonNode panels = dashboard().path("panels");

        assertThat(panels).isNotEmpty().allSatisfy(panel -> {
            assertThat(panel.path("title").asString()).isNotBlank();
            assertThat(panel.path("targets")).isNotEmpty();
            assertThat(panel.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
        });
    }

    @Test
    void prometheusScrapesEveryComposeNodeOnItsApiPort() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
        @SuppressWarnings("unchecked")
        Set<String> services = ((Map<String, Object>) compose.get("services")).keySet();
        String config = Files.readString(PROMETHEUS);
        Map<String, Object> prometheus = new Yaml().load(config);

        assertThat(config).contains("metrics_path: /actuator/prometheus");
        assertThat(prometheus.toString()).contains(services.stream().map(s -> s + ":8080").toList());
    }

    private static List<String> queries() throws IOException {
        List<String> queries = new ArrayList<>();
        dashboard().path("panels").forEach(panel -> panel.path("targets")
                .forEach(target -> queries.add(target.path("expr").asString())));
        return queries;
    }

    private static JsonNode dashboard() throws IOException {
        return JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
    }

    /** Metric names in a PromQL query: identifiers outside label matchers, ranges and grouping clauses. */
    static Set<String> metricNames(String query) {
        String bare = query.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = IDENTIFIER.matcher(bare);
        while (matcher.find()) {
            boolean function = !matcher.group(1).isEmpty();
            if (!function && !KEYWORDS.contains(matcher.group())) {
                names.add(matcher.group());
            }
        }
        return names;
    }

    private static Set<String> exportedNames() {
        Set<String> names = new LinkedHashSet<>();
        exported.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }
}
