package dev.overlay.api;

import dev.overlay.config.ApiToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates requests that present the node's API token as {@code Authorization: Bearer}. */
final class BearerTokenFilter extends OncePerRequestFilter {

    static final String OPERATOR_ROLE = "OPERATOR";
    private static final String PREFIX = "Bearer ";

    private final ApiToken token;

    BearerTokenFilter(ApiToken token) {
        this.token = token;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                && token.matches(header.substring(PREFIX.length()).trim())) {
            SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                    "operator", null, List.of(new SimpleGrantedAuthority("ROLE_" + OPERATOR_ROLE))));
        }
        chain.doFilter(request, response);
    }
}
