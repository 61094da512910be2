package dev.overlay.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/api/v1/events")
@Tag(name = "events", description = "Lifecycle events as they happen")
class EventController {

    private final EventStreams streams;

    EventController(EventStreams streams) {
        this.streams = streams;
    }

    @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-Sent Events: peer-activated, peer-disconnected, handshake-rejected, slots-full,"
            + " ban-added, ban-lifted, squelch-sent, squelch-lifted",
            description = "The event name is the type; the data is a JSON object with type, time and details."
                    + " A subscriber more than overlay.relay.stream-queue events behind is disconnected.")
    @ApiResponse(responseCode = "200", description = "An endless stream; each event's data is one event",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(implementation = OverlayEvent.class)))
    @ApiResponse(responseCode = "503", description = "overlay.relay.max-stream-subscribers already subscribed;"
            + " Retry-After says when to try again",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, examples = @ExampleObject(
                    name = "too-many-subscribers", value = ProblemExamples.TOO_MANY_SUBSCRIBERS)))
    SseEmitter events() {
        return streams.subscribe();
    }
}
