package io.custodia.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** A small client for the REST API as an integrator would call it: bearer token, X-Purpose, JSON. */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;
    private final String requestId;

    public Api(int port, String token) {
        this(port, token, null);
    }

    private Api(int port, String token, String requestId) {
        this.base = "http://localhost:" + port;
        this.token = token;
        this.requestId = requestId;
        this.port = port;
    }

    private final int port;

    /** The same client sending this X-Request-Id (correlation id) with every request. */
    public Api withRequestId(String id) {
        return new Api(port, token, id);
    }

    /** A response: status, parsed JSON body (a map, or null when empty), the raw body and its Content-Type ("" when none). */
    public record Response(int status, Map<String, Object> body, String raw, String contentType, java.net.http.HttpHeaders headers) {
        /** A header of the answer, null when absent. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> items() {
            return (List<Map<String, Object>>) body.get("items");
        }

        public Object get(String key) {
            return body.get(key);
        }
    }

    public Response get(String path, String purpose) {
        return send("GET", path, purpose, null);
    }

    public Response post(String path, String purpose, Object body) {
        return send("POST", path, purpose, body);
    }

    public Response patch(String path, String purpose, Object body) {
        return send("PATCH", path, purpose, body);
    }

    public Response put(String path, String purpose, Object body) {
        return send("PUT", path, purpose, body);
    }

    public Response delete(String path, String purpose) {
        return send("DELETE", path, purpose, null);
    }

    public Response sendRaw(String method, String path, String purpose, String rawBody, String contentType) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.ofString(rawBody)).header("Content-Type", contentType);
        if (token != null) builder.header("Authorization", "Bearer " + token);
        if (purpose != null) builder.header("X-Purpose", purpose);
        return execute(builder);
    }

    /** A request with any body bytes and headers (an Accept header, a CSV that is not UTF-8). */
    public Response sendBytes(String method, String path, String purpose, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) builder.header("Authorization", "Bearer " + token);
        if (purpose != null) builder.header("X-Purpose", purpose);
        headers.forEach(builder::header);
        return execute(builder);
    }

    /** A request whose body is streamed without a length (chunked), as a client that does not know it beforehand sends it. */
    public Response sendChunked(String method, String path, String purpose, java.util.function.Supplier<java.io.InputStream> body,
            Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.ofInputStream(body));
        if (token != null) builder.header("Authorization", "Bearer " + token);
        if (purpose != null) builder.header("X-Purpose", purpose);
        headers.forEach(builder::header);
        return execute(builder);
    }

    private Response send(String method, String path, String purpose, Object body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) builder.header("Authorization", "Bearer " + token);
        if (purpose != null) builder.header("X-Purpose", purpose);
        if (requestId != null) builder.header("X-Request-Id", requestId);
        if (body != null) {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return execute(builder);
    }

    @SuppressWarnings("unchecked")
    private Response execute(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            String type = response.headers().firstValue("Content-Type").orElse("");
            boolean json = type.isEmpty() || (type.contains("json") && !type.contains("ndjson"));
            Map<String, Object> parsed = !json || raw == null || raw.isBlank() || !raw.strip().startsWith("{") ? Map.of()
                    : JSON.readValue(raw, Map.class);
            return new Response(response.statusCode(), parsed, raw, type, response.headers());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
