package io.custodia.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Staff accounts in SQL. */
@Repository
class StaffAccounts {

    private static final String COLUMNS = "id, username, display_name, password_hash, roles, locale, totp_secret, "
            + "totp_last_step, failed_attempts, locked_until, enabled, password_must_change";
    private final JdbcClient jdbc;

    StaffAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM staff_account").query(Long.class).single();
    }

    Optional<StaffAccount> byUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM staff_account WHERE username = ?").param(username)
                .query(StaffAccounts::map).optional();
    }

    Optional<StaffAccount> byId(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM staff_account WHERE id = ?").param(id).query(StaffAccounts::map).optional();
    }

    List<StaffAccount> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM staff_account ORDER BY username").query(StaffAccounts::map).list();
    }

    void insert(StaffAccount account, Instant now) {
        jdbc.sql("INSERT INTO staff_account (id, username, display_name, password_hash, roles, locale, created_at, "
                        + "password_changed_at, password_must_change) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(account.id(), account.username(), account.displayName(), account.passwordHash(),
                        roles(account.roles()), account.locale(), Timestamp.from(now), Timestamp.from(now),
                        account.passwordMustChange())
                .update();
    }

    /** Counts one failure atomically; the one that reaches the threshold locks the account and restarts the count. */
    void recordFailure(UUID id, int threshold, Instant lockUntil) {
        jdbc.sql("UPDATE staff_account SET "
                        + "locked_until = CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE locked_until END, "
                        + "failed_attempts = CASE WHEN failed_attempts + 1 >= ? THEN 0 ELSE failed_attempts + 1 END WHERE id = ?")
                .params(threshold, Timestamp.from(lockUntil), threshold, id).update();
    }

    void recordSuccess(UUID id) {
        jdbc.sql("UPDATE staff_account SET failed_attempts = 0, locked_until = NULL WHERE id = ?").param(id).update();
    }

    void setPassword(UUID id, String hash, Instant now, boolean mustChange) {
        jdbc.sql("UPDATE staff_account SET password_hash = ?, password_changed_at = ?, password_must_change = ? WHERE id = ?")
                .params(hash, Timestamp.from(now), mustChange, id).update();
    }

    void setTotp(UUID id, byte @Nullable [] sealedSecret, long lastStep) {
        jdbc.sql("UPDATE staff_account SET totp_secret = ?, totp_last_step = ? WHERE id = ?").params(sealedSecret, lastStep, id).update();
    }

    /** Moves the last used step forward only if it is still older: two racing logins cannot both use a code. */
    boolean advanceTotpStep(UUID id, long step) {
        return jdbc.sql("UPDATE staff_account SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?").params(step, id, step).update() == 1;
    }

    void setRoles(UUID id, Set<Role> roles) {
        jdbc.sql("UPDATE staff_account SET roles = ? WHERE id = ?").params(roles(roles), id).update();
    }

    void setEnabled(UUID id, boolean enabled) {
        jdbc.sql("UPDATE staff_account SET enabled = ? WHERE id = ?").params(enabled, id).update();
    }

    void setLocale(UUID id, String locale) {
        jdbc.sql("UPDATE staff_account SET locale = ? WHERE id = ?").params(locale, id).update();
    }

    private static String roles(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
    }

    private static StaffAccount map(ResultSet rs, int row) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(rs.getString("roles").split(",")).filter(s -> !s.isBlank()).map(Role::valueOf).forEach(roles::add);
        Timestamp locked = rs.getTimestamp("locked_until");
        return new StaffAccount(rs.getObject("id", UUID.class), rs.getString("username"), rs.getString("display_name"),
                rs.getString("password_hash"), roles, rs.getString("locale"), rs.getBytes("totp_secret"),
                rs.getLong("totp_last_step"), rs.getInt("failed_attempts"), locked == null ? null : locked.toInstant(),
                rs.getBoolean("enabled"), rs.getBoolean("password_must_change"));
    }
}
