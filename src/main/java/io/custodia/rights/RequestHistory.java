package io.custodia.rights;

import io.custodia.identity.Actor;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What happened to a request, in order: each step appended with who did it and a note free of personal values. */
@Component
class RequestHistory {

    private final JdbcClient jdbc;
    private final Clock clock;

    RequestHistory(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void append(UUID request, String kind, Actor actor, @Nullable String note) {
        int seq = jdbc.sql("SELECT COALESCE(MAX(seq), 0) + 1 FROM rights_request_event WHERE request_id = ?").param(request)
                .query(Integer.class).single();
        jdbc.sql("INSERT INTO rights_request_event (request_id, seq, at, kind, actor_kind, actor_id, note) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(request, seq, clock.instant().atOffset(ZoneOffset.UTC), kind, actor.kind().name(), actor.id(), note).update();
    }

    /** Whether the request's history holds a step of this kind. */
    boolean has(UUID request, String kind) {
        return jdbc.sql("SELECT COUNT(*) FROM rights_request_event WHERE request_id = ? AND kind = ?").params(request, kind)
                .query(Long.class).single() > 0;
    }
}
