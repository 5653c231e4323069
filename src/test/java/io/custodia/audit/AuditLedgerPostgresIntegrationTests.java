package io.custodia.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.support.OnPostgres;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger's tests on PostgreSQL, where a large ledger is verified in parallel stretches (one COPY per
 * core, in one exported snapshot): here every ledger is, however small, cut into four, so that every tamper
 * case is found and named across the stretches exactly as one walk names it. {@link CheckpointPostgresIntegrationTests}
 * does the same for checkpoints and pruning; the other PostgreSQL classes walk in one stretch.
 */
@OnPostgres
class AuditLedgerPostgresIntegrationTests extends AuditLedgerTests {

    @org.springframework.beans.factory.annotation.Autowired
    javax.sql.DataSource dataSource;
    @org.springframework.beans.factory.annotation.Autowired
    AuditCheckpoints checkpoints;
    @org.springframework.beans.factory.annotation.Autowired
    io.custodia.crypto.LedgerSignatures signatures;

    private InStretches stretches;

    @BeforeEach
    void walkEveryLedgerInStretches() {
        stretches = InStretches.of(verifier, 4);
    }

    @AfterEach
    void walkAsUsual() {
        stretches.close();
    }

    /**
     * Forty entries cut into four stretches of ten, tampered with on each side of every cut (and inside): the
     * stretches' verdict is the one walk's, field for field (problem, entry, entries checked, sentence).
     */
    @Test
    void stretchesGiveTheVerdictOfOneWalkOnEitherSideOfEveryCut() {
        List<Tamper> tampers = List.of(
                new Tamper("altered", s -> jdbc.sql("UPDATE audit_entry SET detail = 'fields=none' WHERE seq = ?").param(s).update()),
                new Tamper("deleted", s -> jdbc.sql("DELETE FROM audit_entry WHERE seq = ?").param(s).update()),
                new Tamper("swapped with the next", s -> swap(s, s + 1)),
                new Tamper("prev_hash rewritten", s -> jdbc.sql("UPDATE audit_entry SET prev_hash = ? WHERE seq = ?").params(AuditHashes.GENESIS, s)
                        .update()),
                new Tamper("replaced by a forgery linked to its predecessor", s -> {
                    String before = jdbc.sql("SELECT hash FROM audit_entry WHERE seq = ?").param(s - 1).query(String.class).single();
                    jdbc.sql("DELETE FROM audit_entry WHERE seq = ?").param(s).update();
                    forge(s, before);
                }),
                new Tamper("a forgery slipped in before it (the later entries renumbered)", s -> {
                    String before = jdbc.sql("SELECT hash FROM audit_entry WHERE seq = ?").param(s - 1).query(String.class).single();
                    jdbc.sql("UPDATE audit_entry SET seq = -seq WHERE seq >= ?").param(s).update();
                    jdbc.sql("UPDATE audit_entry SET seq = -seq + 1 WHERE seq < 0").update();
                    forge(s, before);
                    jdbc.sql("UPDATE audit_head SET seq = seq + 1 WHERE id = 1").update();
                }),
                new Tamper("a row below the chain", s -> jdbc.sql("INSERT INTO audit_entry (seq, at, actor_kind, actor_id, action, purpose,"
                        + " subject_id, outcome, detail, correlation_id, prev_hash, hash) SELECT 0, at, actor_kind, actor_id, action, purpose,"
                        + " subject_id, outcome, detail, correlation_id, prev_hash, hash FROM audit_entry WHERE seq = 1").update()));
        for (long seq : new long[] {9, 10, 11, 20, 21, 30, 31, 40}) {
            for (Tamper tamper : tampers) {
                if (seq == 40 && tamper.what().startsWith("swapped")) continue;
                emptyLedger();
                ledger.appendAll(IntStream.rangeClosed(1, 40).mapToObj(LedgerFixture::read).toList());
                tamper.at().accept(seq);
                VerificationReport inStretches = verifier.verify();
                VerificationReport oneWalk;
                try (InStretches once = InStretches.none(verifier)) {
                    oneWalk = verifier.verify();
                }
                assertThat(inStretches).as(tamper.what() + " at " + seq).isEqualTo(oneWalk);
                if (!tamper.what().contains("below")) assertThat(oneWalk.valid()).as(tamper.what() + " at " + seq).isFalse();
            }
        }
    }

    /**
     * Another verification holding every connection of the verifier's own pool: this one reads in fewer stretches
     * (here one) after a short wait, and still names the break; it neither fails nor waits on the application's pool.
     */
    @Test
    void aVerificationThatFindsTheStretchPoolBusyReadsInFewerStretches() throws Exception {
        ledger.appendAll(IntStream.rangeClosed(1, 40).mapToObj(LedgerFixture::read).toList());
        AuditVerifier target = org.springframework.test.util.AopTestUtils.getUltimateTargetObject(verifier);
        List<java.sql.Connection> held = target.stretchConnections(AuditVerifier.MAX_STREAMS - 1);
        try {
            assertThat(held).hasSize(AuditVerifier.MAX_STREAMS - 1);
            assertThat(target.stretchConnections(1)).isEmpty();
            assertThat(verifier.verify()).isEqualTo(VerificationReport.ok(40));
            jdbc.sql("UPDATE audit_entry SET detail = 'fields=none' WHERE seq = 33").update();
            assertBroken(VerificationReport.Problem.ALTERED, 33);
        } finally {
            for (java.sql.Connection c : held) c.close();
        }
        assertBroken(VerificationReport.Problem.ALTERED, 33);
    }

    /**
     * Forty entries in four stretches whose third (entries 21-30) cannot be read: it counts only once the stretches
     * before it held. Intact before it, the verification fails with the reading error (never "valid"); a break in
     * the first or second stretch is named as one walk names it; a break after it does not hide the failure.
     */
    @Test
    void aLaterStretchThatCannotBeReadCountsOnlyOnceTheStretchesBeforeItHeld() {
        ledger.appendAll(IntStream.rangeClosed(1, 40).mapToObj(LedgerFixture::read).toList());
        ThirdStretchLost source = new ThirdStretchLost(dataSource);
        AuditVerifier cut = new AuditVerifier(org.springframework.jdbc.core.simple.JdbcClient.create(source), source, checkpoints, signatures);
        cut.parallelFrom = 2;
        cut.streams = 4;
        org.springframework.transaction.support.TransactionTemplate snapshot = new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(source));
        snapshot.setReadOnly(true);
        snapshot.setIsolationLevel(org.springframework.transaction.TransactionDefinition.ISOLATION_REPEATABLE_READ);
        java.util.function.Supplier<VerificationReport> verifyCut = () -> {
            source.connections.set(0);
            return snapshot.execute(status -> cut.verify());
        };

        org.assertj.core.api.Assertions.assertThatThrownBy(verifyCut::get)
                .isInstanceOf(org.springframework.dao.DataAccessResourceFailureException.class).hasRootCauseMessage("connection lost (test)");
        assertThat(source.connections.get()).as("the verifier's connection and three stretches'").isEqualTo(4);

        for (long seq : new long[] {5, 20}) {
            jdbc.sql("UPDATE audit_entry SET detail = 'fields=none' WHERE seq = ?").param(seq).update();
            VerificationReport oneWalk;
            try (InStretches once = InStretches.none(verifier)) {
                oneWalk = verifier.verify();
            }
            assertThat(oneWalk.seq()).isEqualTo(seq);
            assertThat(verifyCut.get()).as("a break at %d, before the lost stretch", seq).isEqualTo(oneWalk);
            jdbc.sql("UPDATE audit_entry SET detail = ? WHERE seq = ?").params(read((int) seq).detail(), seq).update();
        }

        jdbc.sql("UPDATE audit_entry SET detail = 'fields=none' WHERE seq = 35").update();
        org.assertj.core.api.Assertions.assertThatThrownBy(verifyCut::get).as("a break after the lost stretch")
                .isInstanceOf(org.springframework.dao.DataAccessResourceFailureException.class);
    }

    /**
     * The application's connections, but the third one asked for (the verifier's own comes first, then the later
     * stretches' in order) loses its connection when it joins the verifier's snapshot. Not a Hikari pool, so the
     * verifier takes its stretches' connections from it.
     */
    private static final class ThirdStretchLost implements javax.sql.DataSource {
        private final javax.sql.DataSource real;
        final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();

        ThirdStretchLost(javax.sql.DataSource real) {
            this.real = real;
        }

        @Override
        public java.sql.Connection getConnection() throws java.sql.SQLException {
            java.sql.Connection c = real.getConnection();
            return connections.incrementAndGet() == 3 ? losesTheSnapshot(c) : c;
        }

        private static java.sql.Connection losesTheSnapshot(java.sql.Connection c) {
            return (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(ThirdStretchLost.class.getClassLoader(),
                    new Class<?>[] {java.sql.Connection.class}, (proxy, method, args) -> {
                        Object result = invoke(c, method, args);
                        if (!method.getName().equals("createStatement")) return result;
                        java.sql.Statement statement = (java.sql.Statement) result;
                        return java.lang.reflect.Proxy.newProxyInstance(ThirdStretchLost.class.getClassLoader(),
                                new Class<?>[] {java.sql.Statement.class}, (p, m, a) -> {
                                    if (m.getName().equals("execute") && a != null && a.length == 1
                                            && String.valueOf(a[0]).startsWith("SET TRANSACTION SNAPSHOT")) {
                                        throw new java.sql.SQLException("connection lost (test)", "08006");
                                    }
                                    return invoke(statement, m, a);
                                });
                    });
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Override
        public java.sql.Connection getConnection(String username, String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.io.PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() {
            return java.util.logging.Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws java.sql.SQLException {
            throw new java.sql.SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }

    private record Tamper(String what, LongConsumer at) {
    }
}
