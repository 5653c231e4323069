package io.custodia.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * API tokens: 256 random bits, shown once, stored as SHA-256 (a fast hash is right for a
 * high-entropy secret; ASVS 5.0 V7.2), tied to a staff account, revocable, optionally expiring.
 */
@Repository
class ApiTokens {

    static final String PREFIX = "cst_";
    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    IssuedToken issue(UUID accountId, String name, @Nullable Instant expiresAt) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        UUID id = io.custodia.shared.Ids.next();
        jdbc.sql("INSERT INTO api_token (id, account_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, accountId, name, hash(secret), Timestamp.from(clock.instant()),
                        expiresAt == null ? null : Timestamp.from(expiresAt))
                .update();
        return new IssuedToken(id, name, secret);
    }

    /** The active token with this secret, if any; records its use. */
    /** The token this secret is, whatever its state (active, revoked, expired); empty for a secret that is none. */
    Optional<ApiTokenSummary> find(String secret) {
        if (!secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT id, account_id, name, created_at, expires_at, last_used_at, revoked_at "
                + "FROM api_token WHERE token_hash = ?").param(hash(secret)).query(ApiTokens::map).optional();
    }

    /** Notes that an active token was used now. */
    void touch(ApiTokenSummary token, Instant now) {
        // "last used" to the minute: a busy token does not turn its row into a lock every request waits for
        if (token.lastUsedAt() == null || token.lastUsedAt().isBefore(now.minus(LAST_USED_PRECISION))) {
            jdbc.sql("UPDATE api_token SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")
                    .params(Timestamp.from(now), token.id(), Timestamp.from(now.minus(LAST_USED_PRECISION))).update();
        }
    }

    /** How precisely a token's last use is kept. */
    static final java.time.Duration LAST_USED_PRECISION = java.time.Duration.ofMinutes(1);

    List<ApiTokenSummary> ofAccount(UUID accountId) {
        return jdbc.sql("SELECT id, account_id, name, created_at, expires_at, last_used_at, revoked_at FROM api_token "
                + "WHERE account_id = ? ORDER BY created_at DESC").param(accountId).query(ApiTokens::map).list();
    }

    boolean revoke(UUID accountId, UUID tokenId) {
        return jdbc.sql("UPDATE api_token SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL")
                .params(Timestamp.from(clock.instant()), tokenId, accountId).update() == 1;
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiTokenSummary map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new ApiTokenSummary(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class), rs.getString("name"),
                rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("expires_at")),
                instant(rs.getTimestamp("last_used_at")), instant(rs.getTimestamp("revoked_at")));
    }

    private static @Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
