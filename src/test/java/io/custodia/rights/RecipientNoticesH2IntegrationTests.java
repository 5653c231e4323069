package io.custodia.rights;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import io.custodia.identity.AccountService;
import io.custodia.identity.Role;
import io.custodia.support.Api;
import io.custodia.support.OnH2;
import io.custodia.support.Staff;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * GDPR Art. 19 against a real HTTP receiver that fails the first two attempts: the erasure is passed on,
 * signed, retried with back-off, acknowledged; its body holds no personal value.
 */
@OnH2
@SuppressWarnings("unchecked")
class RecipientNoticesH2IntegrationTests {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP);
    static final String SECRET = "shared-secret-" + UUID.randomUUID();
    static final AtomicInteger CALLS = new AtomicInteger();
    static final List<Map<String, String>> RECEIVED = new CopyOnWriteArrayList<>();
    static final HttpServer RECEIVER = receiver();

    private static HttpServer receiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/custodia/notices", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                RECEIVED.add(Map.of("body", body, "signature", String.valueOf(exchange.getRequestHeaders().getFirst("X-Custodia-Signature")),
                        "timestamp", String.valueOf(exchange.getRequestHeaders().getFirst("X-Custodia-Timestamp"))));
                int status = CALLS.incrementAndGet() <= 2 ? 503 : 204;
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void webhook(DynamicPropertyRegistry registry) {
        registry.add("custodia.rights.webhooks.hosting.url", () -> "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/custodia/notices");
        registry.add("custodia.rights.webhooks.hosting.secret", () -> SECRET);
        registry.add("custodia.rights.webhook-interval", () -> "P3650D");
    }

    @AfterAll
    static void stop() {
        RECEIVER.stop(0);
    }

    @Autowired
    AccountService accounts;
    @Autowired
    RecipientNotices notices;
    @LocalServerPort
    int port;

    @Test
    void anErasureReachesTheRecipientThatHeldTheDataSignedAndRetriedUntilAcknowledged() {
        Api sales = Staff.apiFor(accounts, port, Role.SALES);
        Api dpo = Staff.apiFor(accounts, port, Role.DPO);
        String u = UUID.randomUUID().toString().substring(0, 8);
        String id = (String) sales.post("/api/v1/persons", "crm", Map.of("firstName", "Hébergé", "lastName", "Notifié" + u,
                "emails", List.of("heberge." + u + "@exemple.fr"))).get("id");
        assertThat(sales.get("/api/v1/persons/" + id, "crm").status()).isEqualTo(200);
        String request = (String) dpo.post("/api/v1/rights/requests", null, Map.of("type", "erasure", "personId", id, "channel", "staff_letter"))
                .get("id");
        assertThat(dpo.post("/api/v1/rights/requests/" + request + "/fulfil", null, Map.of()).status()).isEqualTo(200);
        // crm's recipients: two internal teams (the controller itself) and the hosting processor
        List<Map<String, Object>> pending = (List<Map<String, Object>>) dpo.get("/api/v1/rights/requests/" + request, null).get("recipientNotices");
        assertThat(pending).singleElement().satisfies(n -> {
            assertThat(n).containsEntry("recipient", "hosting").containsEntry("act", "ERASURE").containsEntry("status", "PENDING");
        });

        Instant now = Instant.now();
        assertThat(notices.deliver(now)).isZero();
        assertThat(notices.deliver(now)).as("not due again yet: back-off").isZero();
        assertThat(CALLS.get()).isEqualTo(1);
        assertThat(notices.deliver(now.plusSeconds(31))).isZero();
        assertThat(notices.deliver(now.plusSeconds(31 + 61))).isEqualTo(1);
        assertThat(CALLS.get()).isEqualTo(3);

        Map<String, Object> delivered = ((List<Map<String, Object>>) dpo.get("/api/v1/rights/requests/" + request, null).get("recipientNotices")).getFirst();
        assertThat(delivered).containsEntry("status", "DELIVERED").containsEntry("attempts", 3);
        Map<String, String> last = RECEIVED.getLast();
        assertThat(last.get("signature")).isEqualTo("sha256=" + RecipientNotices.sign(SECRET, last.get("timestamp") + "." + last.get("body")));
        assertThat(last.get("body")).contains("\"event\":\"erasure\"").contains(id).contains(request).doesNotContain("Notifié").doesNotContain("heberge");
    }
}
