package io.custodia.identity;

import io.custodia.crypto.SecretBox;
import io.custodia.identity.password.PasswordPolicy;
import io.custodia.identity.totp.Totp;
import io.custodia.identity.totp.TotpSecret;
import io.custodia.shared.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Staff accounts: creation, passwords, the second factor, roles, API tokens. */
@Service
public class AccountService {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
    /** RFC 6238 §5.2: accept one step of clock drift either way. */
    private static final int TOTP_WINDOW = 1;

    private final StaffAccounts accounts;
    private final ApiTokens tokens;
    private final PasswordEncoder encoder;
    private final PasswordPolicy passwordPolicy;
    private final SecretBox secrets;
    private final Clock clock;
    private final IdentityProperties properties;
    private final IdentityAudit audit;
    private final Totp totp = Totp.sha1Default();
    /** Compared against when the username is unknown, so a miss costs the same time as a hit. */
    private final String dummyHash;

    private final org.springframework.beans.factory.ObjectProvider<io.custodia.shared.ForbiddenText> forbidden;

    /** Whether a name would keep a card number (the gateway's rule; none is checked before the gateway exists). */
    private boolean holdsCardNumber(String text) {
        io.custodia.shared.ForbiddenText rule = forbidden.getIfAvailable();
        return rule != null && rule.holdsCardNumber(text);
    }

    AccountService(StaffAccounts accounts, ApiTokens tokens, PasswordEncoder encoder, PasswordPolicy passwordPolicy,
            SecretBox secrets, Clock clock, IdentityProperties properties, IdentityAudit audit,
            org.springframework.beans.factory.ObjectProvider<io.custodia.shared.ForbiddenText> forbidden) {
        this.forbidden = forbidden;
        this.audit = audit;
        this.accounts = accounts;
        this.tokens = tokens;
        this.encoder = encoder;
        this.passwordPolicy = passwordPolicy;
        this.secrets = secrets;
        this.clock = clock;
        this.properties = properties;
        this.dummyHash = encoder.encode("timing-equaliser-" + UUID.randomUUID());
    }

    public boolean anyAccount() {
        return accounts.count() > 0;
    }

    /**
     * Creates a staff account.
     *
     * @throws AccountException when the username is malformed or taken, or the password is refused
     */
    @Transactional
    public StaffSummary createAccount(String username, String displayName, String password, Set<Role> roles,
            boolean passwordMustChange) {
        String name = username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
        if (!USERNAME.matcher(name).matches()) {
            throw new AccountException("Username must be 3-64 characters: lowercase letters, digits, '.', '_' or '-'",
                    List.of("account.username.invalid"));
        }
        if (displayName == null || displayName.isBlank() || displayName.length() > 120 || io.custodia.shared.Texts.hasControl(displayName, false)
                || io.custodia.shared.Texts.unsafe(displayName) != null) {
            throw new AccountException("Display name must be 1-120 characters", List.of("account.display-name.invalid"));
        }
        if (holdsCardNumber(displayName)) {
            throw new AccountException("A display name may not hold a payment card number", List.of("account.display-name.card"));
        }
        if (roles == null || roles.isEmpty()) {
            throw new AccountException("An account needs at least one role", List.of("account.roles.empty"));
        }
        if (accounts.byUsername(name).isPresent()) {
            throw new AccountException("The username '" + name + "' is already taken", List.of("account.username.taken"));
        }
        checkPassword(password, name);
        StaffAccount account = new StaffAccount(Ids.next(), name, displayName.strip(), encoder.encode(password), roles,
                "en", null, 0, 0, null, true, passwordMustChange);
        try {
            accounts.insert(account, clock.instant());
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            throw new AccountException("The username '" + name + "' is already taken", List.of("account.username.taken"));
        }
        audit.accountChanged(account.id(), "created; roles=" + roleNames(roles) + (passwordMustChange ? "; password must change" : ""));
        return account.summary();
    }

    /**
     * Creates a staff account: the first administrator at start-up, one from the {@code create-admin} command, or
     * one an administrator adds on the staff page.
     * With no password given, a random one-time password is generated, returned once in
     * {@link NewStaff#oneTimePassword()}, and must be changed at first login.
     *
     * @throws AccountException when the username is malformed or taken, or the given password is refused
     */
    @Transactional
    public NewStaff createStaff(String username, String displayName, Set<Role> roles, @Nullable String password) {
        boolean generated = password == null || password.isBlank();
        String secret = generated ? oneTimePassword() : password;
        StaffSummary account = createAccount(username, displayName, secret, roles, generated);
        return new NewStaff(account, generated ? secret : null);
    }

    /** A staff account just created; {@code oneTimePassword} is set only when it was generated, to be shown once. */
    public record NewStaff(StaffSummary account, @Nullable String oneTimePassword) {
    }

    public List<StaffSummary> listAccounts() {
        return accounts.all().stream().map(StaffAccount::summary).toList();
    }

    public Optional<StaffSummary> find(UUID id) {
        return accounts.byId(id).map(StaffAccount::summary);
    }

    @Transactional(noRollbackFor = AccountException.class)
    public void changePassword(UUID id, String current, String replacement) {
        StaffAccount account = accounts.byId(id).orElseThrow(() -> unknownAccount(id));
        if (!encoder.matches(current, account.passwordHash())) {
            // a hijacked session must not be a way to guess the password without limit
            audit.signInFailed(id, "current-password-wrong");
            recordFailure(account, clock.instant());
            throw new AccountException("The current password is wrong", List.of("account.password.current-wrong"));
        }
        if (current.equals(replacement)) {
            throw new AccountException("The new password must differ from the current one", List.of("account.password.same"));
        }
        checkPassword(replacement, account.username());
        accounts.setPassword(id, encoder.encode(replacement), clock.instant(), false);
        audit.accountChanged(id, "password changed");
    }

    @Transactional
    public void setRoles(UUID id, Set<Role> roles) {
        if (roles.isEmpty()) {
            throw new AccountException("An account needs at least one role", List.of("account.roles.empty"));
        }
        accounts.byId(id).orElseThrow(() -> unknownAccount(id));
        accounts.setRoles(id, roles);
        audit.accountChanged(id, "roles=" + roleNames(roles));
    }

    @Transactional
    public void setEnabled(UUID id, boolean enabled) {
        accounts.byId(id).orElseThrow(() -> unknownAccount(id));
        accounts.setEnabled(id, enabled);
        audit.accountChanged(id, enabled ? "enabled" : "disabled");
    }

    @Transactional
    public void setLocale(UUID id, String locale) {
        if (!List.of("en", "fr").contains(locale)) {
            throw new AccountException("Language must be en or fr", List.of("account.locale.invalid"));
        }
        accounts.setLocale(id, locale);
    }

    // ----------------------------------------------------------- second factor

    /** A fresh secret to show for enrolment; stored only once {@link #confirmTotp} accepts a code from it. */
    public TotpSecret newTotpSecret() {
        return TotpSecret.generate(new java.security.SecureRandom());
    }

    /** Stores the secret if the code was made from it now; true on success. */
    @Transactional
    public boolean confirmTotp(UUID id, TotpSecret secret, String code) {
        var step = totp.verify(secret.bytes(), code, clock.instant(), TOTP_WINDOW, Totp.NEVER_USED);
        if (step.isEmpty()) {
            audit.secondFactorFailed(id, "during=enrolment");
            return false;
        }
        accounts.setTotp(id, secrets.seal(totpContext(id), secret.bytes()), step.getAsLong());
        audit.accountChanged(id, "second factor enrolled");
        return true;
    }

    /** Checks a TOTP code at login: once per time step (no replay); failures count towards lockout. */
    @Transactional(noRollbackFor = AccountLockedException.class)
    public boolean verifyTotp(UUID id, String code) {
        StaffAccount account = accounts.byId(id).orElseThrow(() -> unknownAccount(id));
        Instant now = clock.instant();
        if (account.lockedAt(now)) {
            audit.secondFactorFailed(id, "reason=locked");
            throw new AccountLockedException(account.lockedUntil());
        }
        if (!account.totpEnrolled() || !account.enabled()) {
            audit.secondFactorFailed(id, account.enabled() ? "reason=not-enrolled" : "reason=disabled");
            return false;
        }
        byte[] secret = secrets.open(totpContext(id), account.sealedTotpSecret());
        var step = totp.verify(secret, code, now, TOTP_WINDOW, account.totpLastStep());
        if (step.isPresent() && accounts.advanceTotpStep(id, step.getAsLong())) {
            accounts.recordSuccess(id);
            return true;
        }
        audit.secondFactorFailed(id, "reason=wrong-code");
        recordFailure(account, now);
        return false;
    }

    @Transactional
    public void resetTotp(UUID id) {
        // an account that does not exist is refused, not recorded as changed
        accounts.byId(id).orElseThrow(() -> unknownAccount(id));
        accounts.setTotp(id, null, 0);
        audit.accountChanged(id, "second factor reset");
    }

    // ----------------------------------------------------------- API tokens

    @Transactional
    public IssuedToken issueToken(UUID accountId, String name, @Nullable Duration validity) {
        if (name == null || name.isBlank() || name.length() > 80 || io.custodia.shared.Texts.hasControl(name, false)
                || io.custodia.shared.Texts.unsafe(name) != null) {
            throw new AccountException("A token needs a name of 1-80 characters", List.of("token.name.invalid"));
        }
        if (holdsCardNumber(name)) throw new AccountException("A token's name may not hold a payment card number", List.of("token.name.card"));
        accounts.byId(accountId).orElseThrow(() -> unknownAccount(accountId));
        IssuedToken issued = tokens.issue(accountId, name.strip(), validity == null ? null : clock.instant().plus(validity));
        audit.tokenCreated(accountId, issued.id());
        return issued;
    }

    public List<ApiTokenSummary> tokensOf(UUID accountId) {
        return tokens.ofAccount(accountId);
    }

    @Transactional
    public boolean revokeToken(UUID accountId, UUID tokenId) {
        boolean revoked = tokens.revoke(accountId, tokenId);
        if (revoked) audit.tokenRevoked(accountId, tokenId);
        return revoked;
    }

    /** The principal behind an active token of an enabled account. */
    @Transactional
    public Optional<TokenPrincipal> authenticateToken(String secret) {
        Instant now = clock.instant();
        Optional<ApiTokenSummary> found = tokens.find(secret);
        if (found.isEmpty()) {
            audit.tokenRefused(null, "unknown-token");
            return Optional.empty();
        }
        ApiTokenSummary token = found.get();
        if (!token.activeAt(now)) {
            audit.tokenRefused(token.id(), token.revokedAt() != null ? "revoked" : "expired");
            return Optional.empty();
        }
        Optional<StaffAccount> account = accounts.byId(token.accountId()).filter(StaffAccount::enabled);
        if (account.isEmpty()) {
            audit.tokenRefused(token.id(), "account-disabled");
            return Optional.empty();
        }
        tokens.touch(token, now);
        return Optional.of(new TokenPrincipal(token.id(), principal(account.get())));
    }

    /** A staff principal reached through an API token. */
    public record TokenPrincipal(UUID tokenId, StaffPrincipal staff) {
    }

    // ----------------------------------------------------------- password login (package-private)

    @Transactional(noRollbackFor = {AccountLockedException.class, BadPasswordException.class})
    StaffAccount authenticatePassword(String username, String password) {
        Instant now = clock.instant();
        Optional<StaffAccount> found = accounts.byUsername(username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT));
        if (found.isEmpty()) {
            encoder.matches(password, dummyHash);
            audit.signInFailedUnknownUser();
            throw new BadPasswordException();
        }
        StaffAccount account = found.get();
        // The hash always runs and a locked account gets the same answer as a wrong password, so neither the
        // timing nor the message tells an attacker that a username exists (ASVS 5.0 V6.3.8).
        boolean matches = encoder.matches(password, account.passwordHash());
        if (account.lockedAt(now) || !account.enabled()) {
            audit.signInFailed(account.id(), account.enabled() ? "locked" : "disabled");
            throw new BadPasswordException();
        }
        if (!matches) {
            audit.signInFailed(account.id(), "bad-password");
            recordFailure(account, now);
            throw new BadPasswordException();
        }
        if (!account.needsTotp()) {
            accounts.recordSuccess(account.id());
        }
        return account;
    }

    StaffAccount account(UUID id) {
        return accounts.byId(id).orElseThrow(() -> unknownAccount(id));
    }

    static StaffPrincipal principal(StaffAccount account) {
        return new StaffPrincipal(account.id(), account.username(), account.displayName(), account.roles(), account.locale());
    }

    /** Counted in one statement, so parallel attempts cannot each see the same count and slip past the limit. */
    private void recordFailure(StaffAccount account, Instant now) {
        Instant until = now.plus(properties.lockoutDuration());
        accounts.recordFailure(account.id(), properties.lockoutThreshold(), until);
        if (accounts.byId(account.id()).map(a -> a.lockedAt(now)).orElse(false) && !account.lockedAt(now)) {
            audit.locked(account.id(), until.toString());
        }
    }

    private static String roleNames(Set<Role> roles) {
        return String.join(",", roles.stream().map(Role::name).sorted().toList());
    }

    private void checkPassword(String password, String username) {
        var check = passwordPolicy.check(password == null ? "" : password, username);
        if (!check.accepted()) {
            throw new AccountException("The password is refused: " + check.problems(),
                    check.problems().stream().map(p -> p.messageKey()).toList(),
                    PasswordPolicy.MIN_LENGTH, PasswordPolicy.MAX_LENGTH);
        }
    }

    /** 144 random bits, URL-safe: shown once, changed at first login. */
    private static String oneTimePassword() {
        byte[] bytes = new byte[18];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String totpContext(UUID id) {
        return "totp:" + id;
    }

    private static AccountException unknownAccount(UUID id) {
        return new AccountException("No staff account " + id, List.of("account.unknown"));
    }

    /** Wrong username or password; deliberately says no more. */
    static class BadPasswordException extends RuntimeException {
        BadPasswordException() {
            super("Bad username or password");
        }
    }
}
