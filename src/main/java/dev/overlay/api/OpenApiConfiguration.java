package dev.overlay.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/**
 * OpenAPI metadata; Swagger UI's "Authorize" button takes the bearer token. The rules every operation
 * follows (token, error responses) are applied by {@link OpenApiConventions}.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "Overlay node API", version = "v1",
        description = "Operate a peer-to-peer overlay node: identity, peers, messages, discovery, resources."
                + " Reads are open; calls that change the node need the API token: press Authorize and paste it."
                + " Errors are RFC 9457 problem details (application/problem+json)."))
@SecurityScheme(name = OpenApiConfiguration.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The node's API token: overlay.api-token, or the one generated in <data-dir>/api-token")
class OpenApiConfiguration {

    static final String BEARER = "bearer";
}
