package dev.overlay.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** OpenAPI metadata; Swagger UI's "Authorize" button takes the bearer token. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "Overlay node API", version = "v1",
        description = "Operate a peer-to-peer overlay node: identity, peers, health."))
@SecurityScheme(name = OpenApiConfiguration.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The node's API token (overlay.api-token, or the generated one in the data directory)")
class OpenApiConfiguration {

    static final String BEARER = "bearer";
}
