package io.custodia.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates {@code Authorization: Bearer cst_...} on the API; a bad token is a 401 problem, not a fallback. */
final class ApiTokenFilter extends OncePerRequestFilter {

    private final AccountService accounts;

    ApiTokenFilter(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            var principal = accounts.authenticateToken(header.substring(7).strip());
            if (principal.isEmpty()) {
                Problems.write(response, 401, "Invalid API token",
                        "The bearer token is unknown, revoked or expired; create a new one under Account > API tokens");
                return;
            }
            var auth = UsernamePasswordAuthenticationToken.authenticated(principal.get(), null,
                    Authorities.full(principal.get().staff()));
            SecurityContextHolder.getContext().setAuthentication(auth);
        }
        chain.doFilter(request, response);
    }
}
