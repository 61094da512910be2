package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The resources API: consumers, bans, and quotas read and changed at runtime. */
class ResourcesApiTest {

    @RegisterExtension
    static final RunningNodes nodes = new RunningNodes();

    private static RunningNode node;

    @BeforeAll
    static void startNode() {
        node = nodes.start("node");
    }

    private static String limitsWith(String field, long value) {
        JsonNode limits = node.get("/api/v1/resources/limits").json();
        return limits.toString().replaceFirst("\"" + field + "\":\\d+", "\"" + field + "\":" + value);
    }

    private static RunningNode.Response put(String path, String json) {
        return node.put(path, json);
    }

    @Test
    void limitsAreReadableAndAdjustableAtRuntime() {
        assertThat(node.get("/api/v1/resources/limits").json().path("maxHandshakes").asInt()).isEqualTo(64);

        RunningNode.Response changed = put("/api/v1/resources/limits", limitsWith("maxHandshakes", 32));

        assertThat(changed.status()).isEqualTo(200);
        assertThat(node.get("/api/v1/resources/limits").json().path("maxHandshakes").asInt()).isEqualTo(32);
        assertThat(node.engine().resources().quotas().maxHandshakes()).isEqualTo(32);
    }

    @Test
    void outOfRangeLimitIsABadRequestNamingTheField() {
        RunningNode.Response response = put("/api/v1/resources/limits", limitsWith("maxPeers", 0));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("detail").asString()).contains("maxPeers");
    }

    @Test
    void anOutboundTargetAboveMaxPeersIsABadRequestStatingTheSlotRule() {
        RunningNode.Response response = put("/api/v1/resources/limits", limitsWith("outboundPeers", 22));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("detail").asString())
                .isEqualTo("outboundPeers: must be between 0 and maxPeers (21)");
    }

    @Test
    void operatorBanIsListedStoredAndLiftable() {
        RunningNode.Response banned = node.post("/api/v1/resources/bans",
                "{\"address\":\"127.0.0.9\",\"durationSeconds\":600,\"reason\":\"test\"}");

        assertThat(banned.status()).isEqualTo(201);
        assertThat(node.get("/api/v1/resources/bans").json())
                .anySatisfy(ban -> assertThat(ban.path("address").asString()).isEqualTo("127.0.0.9"));
        assertThat(node.delete("/api/v1/resources/bans/127.0.0.9").status()).isEqualTo(204);
        assertThat(node.delete("/api/v1/resources/bans/127.0.0.9").status()).isEqualTo(404);
    }

    @Test
    void banOfAnIpv6AddressIsShownAndLiftedAsItsSlash64() {
        RunningNode.Response banned = node.post("/api/v1/resources/bans",
                "{\"address\":\"2001:db8:1:2::7\",\"durationSeconds\":600}");

        assertThat(banned.status()).isEqualTo(201);
        assertThat(banned.json().path("address").asString()).isEqualTo("2001:db8:1:2::/64");
        assertThat(node.get("/api/v1/resources/bans").json())
                .anySatisfy(ban -> assertThat(ban.path("address").asString()).isEqualTo("2001:db8:1:2::/64"));
        assertThat(node.delete("/api/v1/resources/bans/2001:db8:1:2::abcd").status()).isEqualTo(204);
        assertThat(node.get("/api/v1/resources/bans").json())
                .noneSatisfy(ban -> assertThat(ban.path("address").asString()).startsWith("2001:db8:1:2:"));
    }

    @Test
    void banNeedsAnIpAddressAndTheToken() {
        assertThat(node.post("/api/v1/resources/bans", "{\"address\":\"example.com\",\"durationSeconds\":60}")
                .status()).isEqualTo(400);
        assertThat(node.post("/api/v1/resources/bans", "{\"address\":\"127.0.0.9\",\"durationSeconds\":0}")
                .status()).isEqualTo(400);
        assertThat(node.post("/api/v1/resources/bans", "{\"address\":\"127.0.0.9\",\"durationSeconds\":60}", null)
                .status()).isEqualTo(401);
    }

    @Test
    void consumersAndResourceMetricsAreExposed() {
        assertThat(node.get("/api/v1/resources/consumers").status()).isEqualTo(200);
        assertThat(node.get("/actuator/metrics/overlay.resource.charges").status()).isEqualTo(200);
        assertThat(node.get("/actuator/metrics/overlay.resource.refused").status()).isEqualTo(200);
        assertThat(node.get("/actuator/prometheus").body()).contains("overlay_resource_drops_total");
    }
}
