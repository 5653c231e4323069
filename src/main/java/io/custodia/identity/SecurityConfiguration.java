package io.custodia.identity;

import io.custodia.identity.password.PasswordPolicy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Two chains: the API (stateless, bearer tokens, problem details) and the UI (form login with its
 * steps, CSRF, strict security headers). ASVS 5.0 V3 (web frontend) and V6-V8 (authentication,
 * session, authorisation).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** No inline script or style: htmx runs from /webjars, styles from /css (ASVS 5.0 V3.4.3). */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /** The roles whose work is selling and serving customers: they change organisations and deals. */
    static final String[] BUSINESS_ROLES = {Role.SALES.name(), Role.SUPPORT.name(), Role.ADMIN.name()};

    /** The throttle runs inside the UI security chain only, not also as a servlet filter of its own. */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<LoginThrottle> loginThrottleRegistration(LoginThrottle throttle) {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(throttle);
        registration.setEnabled(false);
        return registration;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    @Bean
    PasswordPolicy passwordPolicy() {
        return PasswordPolicy.withBundledList();
    }

    /** The filter chains exist only in the web application; admin commands start without a web server. */
    @Bean
    @ConditionalOnWebApplication
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, AccountService accounts, IdentityAudit audit) throws Exception {
        http.securityMatcher("/api/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiTokenFilter(accounts), UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a.requestMatchers("/api/v1/openapi", "/api/v1/openapi/**").permitAll()
                        // the audit ledger is evidence for the DPO and auditors only (GDPR Art. 5(2), 38)
                        .requestMatchers("/api/v1/audit/**").hasAnyRole(Role.DPO.name(), Role.AUDITOR.name())
                        // data subject requests are the DPO's (GDPR Art. 38-39)
                        .requestMatchers("/api/v1/rights/**", "/api/v1/persons/*/legal-holds", "/api/v1/persons/*/legal-holds/**")
                                .hasRole(Role.DPO.name())
                        .requestMatchers(org.springframework.http.HttpMethod.GET, "/api/v1/organisations/**", "/api/v1/deals/**")
                                .hasAuthority(Authorities.STAFF)
                        .requestMatchers("/api/v1/organisations/**", "/api/v1/deals/**").hasAnyRole(BUSINESS_ROLES)
                        .anyRequest().hasAuthority(Authorities.STAFF))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> Problems.write(res, 401, "Authentication required",
                                "Send an API token as 'Authorization: Bearer cst_...'; create one under Account > API tokens"))
                        .accessDeniedHandler((req, res, ex) -> {
                            audit.roleRefused(org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication(),
                                    req.getMethod(), req.getRequestURI().substring(req.getContextPath().length()));
                            Problems.write(res, 403, "Forbidden", "Your roles do not allow this operation");
                        }))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives("default-src 'none'; frame-ancestors 'none'")));
        return http.build();
    }

    @Bean
    @ConditionalOnWebApplication
    @Order(2)
    SecurityFilterChain uiChain(HttpSecurity http, LoginFlow loginFlow, java.time.Clock clock, AccountService accounts,
            LoginThrottle throttle, IdentityAudit audit) throws Exception {
        // The provider is a bean, so Boot's global authentication manager already uses it; adding it
        // here too would run it twice per attempt and count each failure twice.
        http.addFilterBefore(throttle, org.springframework.security.web.csrf.CsrfFilter.class)
                .addFilterBefore(new SessionLifetimeFilter(clock), UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(new AccountFreshnessFilter(accounts), org.springframework.security.web.authentication.AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/error", "/form-expired",
                                "/actuator/health", "/actuator/health/**", "/privacy/**", "/.well-known/**").permitAll()
                        .requestMatchers("/login/next", "/login/totp", "/account/password")
                                .hasAnyAuthority(Authorities.PASSWORD_VERIFIED, Authorities.STAFF)
                        .requestMatchers("/admin/**").hasRole(Role.ADMIN.name())
                        .requestMatchers("/audit", "/audit/**").hasAnyRole(Role.DPO.name(), Role.AUDITOR.name())
                        .requestMatchers("/rights", "/rights/**", "/persons/*/legal-holds", "/persons/*/legal-holds/**", "/persons/*/rights-requests")
                                .hasRole(Role.DPO.name())
                        // organisations and deals are changed by the teams that work them: their forms too
                        .requestMatchers(org.springframework.http.HttpMethod.POST, "/organisations/**", "/deals/**")
                                .hasAnyRole(BUSINESS_ROLES)
                        .requestMatchers("/organisations/new", "/organisations/*/edit", "/organisations/*/delete", "/deals/new",
                                "/deals/*/edit", "/deals/*/delete").hasAnyRole(BUSINESS_ROLES)
                        .anyRequest().hasAuthority(Authorities.STAFF))
                // the lead-capture form is posted from the company's own web site, with no session: its spam
                // protection is a honeypot and a rate limit (consent.LeadForms), not a CSRF token
                .csrf(c -> c.ignoringRequestMatchers(org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.withDefaults()
                        .matcher(org.springframework.http.HttpMethod.POST, "/privacy/forms/*"),
                        // RFC 8058 one-click unsubscribe: the mail client posts without a session; the sealed link is the proof
                        org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.withDefaults()
                        .matcher(org.springframework.http.HttpMethod.POST, "/privacy/unsubscribe")))
                .formLogin(f -> f.loginPage("/login").successHandler(loginFlow)
                        .failureHandler((req, res, ex) -> {
                            throttle.recordFailure(req);
                            res.sendRedirect(req.getContextPath()
                                + (ex instanceof org.springframework.security.authentication.LockedException ? "/login?locked" : "/login?error"));
                        }))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .exceptionHandling(e -> e.accessDeniedHandler(uiDenied(audit)))
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(f -> f.deny()));
        return http.build();
    }

    /**
     * A signed-in staff member whose roles do not reach a page is refused, and the refusal recorded (ASVS V16.3.2); a
     * sign-in halfway (password given, code not yet) is sent on to its next step, which is not a refusal.
     */
    private static org.springframework.security.web.access.AccessDeniedHandler uiDenied(IdentityAudit audit) {
        var next = new org.springframework.security.web.access.AccessDeniedHandlerImpl();
        next.setErrorPage("/login/next");
        return (req, res, ex) -> {
            var authentication = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
            if (authentication != null && authentication.getAuthorities().stream().anyMatch(a -> Authorities.STAFF.equals(a.getAuthority()))) {
                String path = req.getRequestURI().substring(req.getContextPath().length());
                if (ex instanceof org.springframework.security.web.csrf.CsrfException) {
                    audit.csrfRefused(authentication, req.getMethod(), path);
                } else {
                    audit.roleRefused(authentication, req.getMethod(), path);
                }
            }
            if (ex instanceof org.springframework.security.web.csrf.CsrfException) {
                // staff or public: the form expired or came from elsewhere; nothing was done (not a matter of roles, nor of signing in)
                res.setStatus(403);
                req.getRequestDispatcher("/form-expired").forward(req, res);
                return;
            }
            next.handle(req, res, ex);
        };
    }
}
