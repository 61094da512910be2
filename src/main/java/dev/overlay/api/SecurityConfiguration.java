package dev.overlay.api;

import dev.overlay.config.ApiToken;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads are open; every mutating call needs the bearer token. Failures are problem details, like
 * every other API error.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** The methods anyone may call. The API documentation marks every other method as needing the token. */
    static final Set<HttpMethod> OPEN_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiToken token, JsonMapper json) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(token), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(request -> OPEN_METHODS.contains(HttpMethod.valueOf(request.getMethod())))
                        .permitAll()
                        .anyRequest().hasRole(BearerTokenFilter.OPERATOR_ROLE))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Bearer");
                            ProblemDetail problem = unauthorized();
                            problem.setInstance(URI.create(request.getRequestURI()));
                            write(problem, response, json);
                        }))
                .build();
    }

    /**
     * The firewall's answer to a URL or header it refuses (such as {@code ;} or an encoded {@code ..}).
     * Without it the refusal is Boot's error page; the refused URL stays out of the problem, since it
     * need not even parse as a URI.
     */
    @Bean
    RequestRejectedHandler rejectedRequests(JsonMapper json) {
        return (request, response, e) -> write(ApiExceptionHandler.problem(HttpStatus.BAD_REQUEST,
                "request-rejected", "Request rejected", "The URL or a header holds something this node refuses"
                        + " to route, such as ';', '//', or an encoded '/' or '.'."), response, json);
    }

    private static void write(ProblemDetail problem, HttpServletResponse response, JsonMapper json) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** The answer to a mutating call without the right token; the API documentation shows it as the 401 example. */
    static ProblemDetail unauthorized() {
        return ApiExceptionHandler.problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                "This call changes the node: send 'Authorization: Bearer <api token>'.");
    }
}
