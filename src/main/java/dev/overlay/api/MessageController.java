package dev.overlay.api;

import dev.overlay.relay.MessageId;
import dev.overlay.sync.LoggedMessage;
import dev.overlay.sync.MessageLog;
import java.time.Instant;
import java.util.function.Predicate;
import org.springframework.web.bind.annotation.RequestHeader;
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
    private final MessageLog log;
    private final MessageStreams streams;

    MessageController(RelayBridge relay, MessageLog log, MessageStreams streams) {
        this.relay = relay;
        this.log = log;
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
    @Operation(summary = "Messages this node received or published, from its message log",
            description = "Without 'after' or 'since': the newest, newest first. With 'after' (a message id) or"
                    + " 'since' (a time): the next page in log order (the order of delivery), oldest first; page on"
                    + " with the last id as 'after'. The log keeps overlay.relay.retention (10 min) and survives"
                    + " restarts.")
    @ApiResponse(responseCode = "200", description = "A page of messages")
    @ApiResponse(responseCode = "404", description = "'after' names a message that is not in the log (unknown, or"
            + " older than the retention); page with 'since' instead",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, examples = @ExampleObject(
                    name = "message-not-in-log", value = ProblemExamples.MESSAGE_NOT_IN_LOG)))
    List<MessageView> recent(
            @Parameter(description = "Only this topic") @RequestParam Optional<String> topic,
            @Parameter(description = "At most this many (1-1000)") @RequestParam(defaultValue = "50")
            @Min(1) @Max(1000) int limit,
            @Parameter(description = "Only messages delivered after this one (message id, 64 hex), in log order")
            @RequestParam Optional<String> after,
            @Parameter(description = "Only messages delivered at or after this time (ISO-8601), in log order")
            @RequestParam Optional<Instant> since) {
        topic.ifPresent(SignedMessage::validateTopic);
        if (after.isPresent() && since.isPresent()) {
            throw new InvalidInputException("since", "'after' or 'since', not both");
        }
        Predicate<LoggedMessage> ofTopic = m -> topic.isEmpty() || topic.get().equals(m.message().topic());
        List<LoggedMessage> page;
        if (after.isPresent()) {
            MessageId id = Inputs.messageId("after", after.get());
            long seq = log.find(id).orElseThrow(() -> new NotFoundException("message-not-in-log",
                    "Message not in the log", "message " + id + " is not in the log: unknown, or older than the"
                    + " retention of " + log.limits().retention() + "; page with 'since' instead")).seq();
            page = log.after(seq, ofTopic, limit);
        } else if (since.isPresent()) {
            Instant from = since.get();
            page = log.after(0, ofTopic.and(m -> !m.received().receivedAt().isBefore(from)), limit);
        } else {
            page = log.newest(ofTopic, limit);
        }
        return page.stream().map(m -> MessageView.of(m.received())).toList();
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-Sent Events: every message as it is delivered (event 'message', data = message)",
            description = "Each message is sent once per subscriber; the event id is the message id. A client that"
                    + " reconnects with the standard Last-Event-ID header gets every message delivered after that one"
                    + " (from the message log, in log order, each once), then live ones. If that id is not in the log"
                    + " (unknown, or older than overlay.relay.retention) the stream starts with an event 'reset' saying"
                    + " so and replays the whole log. A subscriber that falls more than overlay.relay.stream-queue"
                    + " messages behind is disconnected; the node is never slowed.")
    @ApiResponse(responseCode = "200", description = "An endless stream; each event's data is one message",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(implementation = MessageView.class)))
    @ApiResponse(responseCode = "503", description = "overlay.relay.max-stream-subscribers already subscribed;"
            + " Retry-After says when to try again",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, examples = @ExampleObject(
                    name = "too-many-subscribers", value = ProblemExamples.TOO_MANY_SUBSCRIBERS)))
    SseEmitter stream(@Parameter(description = "Only this topic") @RequestParam Optional<String> topic,
                      @Parameter(description = "Resume after this message id (sent by SSE clients on reconnect)")
                      @RequestHeader(name = "Last-Event-ID", required = false) Optional<String> lastEventId) {
        topic.ifPresent(SignedMessage::validateTopic);
        return streams.subscribe(topic, lastEventId);
    }
}
