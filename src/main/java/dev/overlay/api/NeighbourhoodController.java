package dev.overlay.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/neighbourhood")
@Tag(name = "node", description = "This node's identity and status")
class NeighbourhoodController {

    private final Neighbourhood neighbourhood;

    NeighbourhoodController(Neighbourhood neighbourhood) {
        this.neighbourhood = neighbourhood;
    }

    @GetMapping
    @Operation(summary = "This node's active peers and, from each one's peer-port /crawl, their peers",
            description = "The node reads each peer's /crawl over TLS and checks that the certificate binds the"
                    + " peer's node id. One crawl is reused for 10 seconds, so callers cannot make the node"
                    + " dial its peers more often.")
    CompletableFuture<Neighbourhood.View> neighbourhood() {
        return neighbourhood.view();
    }
}
