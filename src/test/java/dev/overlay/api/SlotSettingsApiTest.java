package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** Slot settings as an operator meets them: the start-up warning, the refusal a dialer sees, the reports. */
@ExtendWith(OutputCaptureExtension.class)
class SlotSettingsApiTest {

    @TempDir
    Path dataRoot;

    @Test
    void anOutboundTargetTakingEverySlotStartsWithAWarning(CapturedOutput output) {
        try (RunningNode node = RunningNode.start(dataRoot.resolve("node"), "--overlay.max-peers=3",
                "--overlay.outbound-peers=3")) {
            assertThat(output.getOut()).contains("No inbound slot: an outbound target of 3 keeps all 3 of"
                    + " overlay.max-peers for outbound");
        }
    }

    @Test
    void anOutboundOnlyNodeStartsWithoutTheWarning(CapturedOutput output) {
        try (RunningNode node = RunningNode.start(dataRoot.resolve("node"), "--overlay.max-inbound-peers=0")) {
            assertThat(output.getOut()).doesNotContain("No inbound slot");
        }
    }

    @Test
    void aDialerOfANodeWithoutInboundSlotsIsToldOutboundKeepsThemAll() {
        try (RunningNode full = RunningNode.start(dataRoot.resolve("full"), "--overlay.max-peers=3",
                "--overlay.outbound-peers=3");
             RunningNode dialer = RunningNode.start(dataRoot.resolve("dialer"))) {
            RunningNode.Response refused = dialer.connectTo(full);

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().path("detail").asString())
                    .isEqualTo("slots full: no inbound slots: 3 of 3 kept for outbound");
        }
    }

    @Test
    void aDialerOfANodeWithFullInboundSlotsIsToldHowManyThereAre() {
        try (RunningNode full = RunningNode.start(dataRoot.resolve("full"), "--overlay.max-peers=3",
                "--overlay.outbound-peers=2");
             RunningNode first = RunningNode.start(dataRoot.resolve("first"));
             RunningNode second = RunningNode.start(dataRoot.resolve("second"))) {
            assertThat(first.connectTo(full).status()).isEqualTo(201);

            RunningNode.Response refused = second.connectTo(full);

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().path("detail").asString()).isEqualTo("slots full: inbound slots full: 1 of 1");
        }
    }

    @Test
    void discoveryAndTheOverlayReportShowInboundAndOutboundLimitsApart() {
        try (RunningNode node = RunningNode.start(dataRoot.resolve("node"), "--overlay.max-peers=21",
                "--overlay.outbound-peers=4", "--overlay.max-inbound-peers=6")) {
            JsonNode discovery = node.get("/api/v1/discovery").json().path("slots");
            JsonNode overlay = node.get("/actuator/overlay").json().path("slots");

            assertThat(discovery.path("outboundTarget").asInt()).isEqualTo(4);
            assertThat(discovery.path("maxInbound").asInt()).isEqualTo(6);
            assertThat(overlay.path("outboundTarget").asInt()).isEqualTo(4);
            assertThat(overlay.path("maxInbound").asInt()).isEqualTo(6);
        }
    }
}
