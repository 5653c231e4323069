package io.custodia.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A visitor's browser on the public privacy centre: keeps its cookies (the session holding the CSRF token) and posts forms as a browser does. */
public final class Visitor {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final int port;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NORMAL).build();

    public Visitor(int port) {
        this.port = port;
    }

    public HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (headers.length > 0) request.headers(headers);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form from the page at {@code pagePath}, with that page's CSRF token. */
    public HttpResponse<String> postForm(String pagePath, String action, Map<String, String> fields, String... headers) throws Exception {
        Matcher csrf = CSRF.matcher(get(pagePath, headers).body());
        assertThat(csrf.find()).as("a CSRF token on " + pagePath).isTrue();
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf.group(1));
        String form = all.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + action))
                .header("Content-Type", "application/x-www-form-urlencoded").header("User-Agent", "Mozilla/5.0 (test browser)")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (headers.length > 0) request.headers(headers);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Posts a multipart form (a form with a file) from the page at {@code pagePath}, as a browser does: the CSRF
     * token among the fields, each file as a part with its name and type.
     *
     * @param files field name → (file name, content type, bytes)
     */
    public HttpResponse<String> postMultipart(String pagePath, String action, Map<String, String> fields, Map<String, FilePart> files)
            throws Exception {
        Matcher csrf = CSRF.matcher(get(pagePath).body());
        assertThat(csrf.find()).as("a CSRF token on " + pagePath).isTrue();
        String boundary = "----custodia" + java.util.UUID.randomUUID().toString().replace("-", "");
        var body = new java.io.ByteArrayOutputStream();
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf.group(1));
        for (var field : all.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n" + field.getValue()
                    + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        for (var file : files.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.getKey() + "\"; filename=\"" + file.getValue().name()
                    + "\"\r\nContent-Type: " + file.getValue().type() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file.getValue().content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + action))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("User-Agent", "Mozilla/5.0 (test browser)")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A file a form sends. */
    public record FilePart(String name, String type, byte[] content) {
    }
}
