package dev.overlay.api;

import dev.overlay.engine.RelayBridge;
import dev.overlay.relay.SignedMessage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/api/v1/messages")
@Tag(name = "messages", description = "Broadcast messages to the network and receive what others broadcast")
class MessageController {

    private final RelayBridge relay;
    private final MessageStreams streams;

    MessageController(RelayBridge relay, MessageStreams streams) {
        this.relay = relay;
        this.streams = streams;
    }

    @PostMapping
    @Operation(summary = "Sign a message with the node key and broadcast it",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(name = "hello", description = "payload = base64 of 'hello'",
                            value = "{\"topic\": \"prices/eur\", \"payload\": \"aGVsbG8=\"}"))))
    @ApiResponse(responseCode = "201", description = "Published; the body carries the message id")
    @ApiResponse(responseCode = "400", description = "Bad topic, payload not base64, or payload over"
            + " overlay.relay.max-payload-size")
    CompletableFuture<ResponseEntity<PublishedView>> publish(@Valid @RequestBody PublishRequest request) {
        byte[] payload = Inputs.base64("payload", request.payload());
        return relay.signAndBroadcast(request.topic(), payload).thenApply(MessageController::published);
    }

    private static ResponseEntity<PublishedView> published(SignedMessage m) {
        return ResponseEntity.status(HttpStatus.CREATED).body(new PublishedView(m.id().hex(), m.origin().hex(),
                m.topic(), m.sequence(), m.timestamp()));
    }

    @GetMapping
    @Operation(summary = "The most recent messages this node received or published, newest first")
    List<MessageView> recent(
            @Parameter(description = "Only this topic") @RequestParam Optional<String> topic,
            @Parameter(description = "At most this many (1-1000)") @RequestParam(defaultValue = "50")
            @Min(1) @Max(1000) int limit) {
        topic.ifPresent(SignedMessage::validateTopic);
        return relay.recent().recent(topic, limit).stream().map(MessageView::of).toList();
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-Sent Events: every message as it is delivered (event 'message', data = message)",
            description = "Each message is sent once per subscriber. A subscriber that falls more than"
                    + " overlay.relay.stream-queue messages behind is disconnected; the node is never slowed.")
    @ApiResponse(responseCode = "200", description = "An endless stream; each event's data is one message",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(implementation = MessageView.class)))
    @ApiResponse(responseCode = "503", description = "overlay.relay.max-stream-subscribers already subscribed;"
            + " Retry-After says when to try again",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, examples = @ExampleObject(
                    name = "too-many-subscribers", value = ProblemExamples.TOO_MANY_SUBSCRIBERS)))
    SseEmitter stream(@Parameter(description = "Only this topic") @RequestParam Optional<String> topic) {
        topic.ifPresent(SignedMessage::validateTopic);
        return streams.subscribe(topic);
    }
}
