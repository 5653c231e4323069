package io.custodia.web;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Container;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Requests the server refuses before the application sees them (a {@code %00} or an encoded slash in the path, a
 * query past the server's limits) are answered by Tomcat's own error report, an HTML page. For an address of the
 * API, the answer is a problem detail instead ({@code application/problem+json}, RFC 9457), as every other API
 * error; other addresses keep Tomcat's page (without server details, as Spring Boot sets it).
 *
 * <p>The valve is added to the host after Spring Boot's error report valve, so it acts first on the way out.
 */
@Component
class ApiServerErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            Container host = context.getParent();
            if (host != null) host.getPipeline().addValve(new ProblemValve());
        });
    }

    /** After Spring Boot's own customizer, which adds its error report valve. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    static final class ProblemValve extends ValveBase {

        ProblemValve() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            getNext().invoke(request, response);
            int status = response.getStatus();
            if (status < 400 || response.isCommitted() || !response.isError()) return;
            // as the client sent it: a path the server refused may not decode
            String path = request.getCoyoteRequest().requestURI().toString();
            if (path == null || !ApiErrorAttributes.isApi(path)) return;
            // claimed here, so no error report after this one writes or closes the connection
            if (!response.setErrorReported()) return;
            // the server's own refusal, which no controller saw: say it as the API says its errors
            response.resetBuffer();
            response.setSuspended(false);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            String detail = status == 400 ? "The request's address or query could not be read (an encoded control character or slash,"
                    + " or a query past the server's limits): check the path and its parameters"
                    : "The request was refused by the server before it reached the API";
            try (Writer out = response.getReporter()) {
                if (out != null) {
                    out.write("{\"type\":\"about:blank\",\"title\":\"" + (status == 400 ? "Bad Request" : "Error") + "\",\"status\":" + status
                            + ",\"detail\":\"" + detail + "\"}");
                }
            }
            response.finishResponse();
        }
    }
}
