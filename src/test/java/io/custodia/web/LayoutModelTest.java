package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class LayoutModelTest {

    @Test
    void comesBackToTheSamePageWithoutTheLanguageParameter() {
        var request = new MockHttpServletRequest("GET", "/persons");
        request.setQueryString("page=2&lang=fr");

        assertThat(LayoutModel.currentPath(request)).isEqualTo("/persons?page=2");
    }

    @Test
    void comesBackHomeAfterAPostWithoutAPageBeforeItOrAnError() {
        assertThat(LayoutModel.currentPath(new MockHttpServletRequest("POST", "/persons/search"))).isEqualTo("/");
        var error = new MockHttpServletRequest("GET", "/error");
        error.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 404);
        assertThat(LayoutModel.currentPath(error)).isEqualTo("/");
    }

    /** A form shown again after a post (a mistake in it): the language links lead back to the form's page, on this site only. */
    @Test
    void comesBackToTheFormsPageAfterAPost() {
        assertThat(LayoutModel.currentPath(post("http://localhost/persons/new?organisationId=42&lang=en"))).isEqualTo("/persons/new?organisationId=42");
        assertThat(LayoutModel.currentPath(post("http://LOCALHOST:80/persons/9/edit"))).isEqualTo("/persons/9/edit");
        assertThat(LayoutModel.currentPath(post("http://evil.example/persons/new"))).isEqualTo("/");
        assertThat(LayoutModel.currentPath(post("http://localhost:8081/persons/new"))).isEqualTo("/");
        assertThat(LayoutModel.currentPath(post("http://localhost//evil.example/x"))).isEqualTo("/");
        assertThat(LayoutModel.currentPath(post("not a url"))).isEqualTo("/");
    }

    private static MockHttpServletRequest post(String referer) {
        var request = new MockHttpServletRequest("POST", "/persons");
        request.addHeader("Referer", referer);
        return request;
    }

    @Test
    void redirectsOnlyWithinCustodia() {
        assertThat(LayoutModel.safeLocalPath("/persons?page=1")).isEqualTo("/persons?page=1");
        assertThat(LayoutModel.safeLocalPath("//evil.example/x")).isEqualTo("/");
        assertThat(LayoutModel.safeLocalPath("https://evil.example")).isEqualTo("/");
        assertThat(LayoutModel.safeLocalPath("/\\evil.example")).isEqualTo("/");
        assertThat(LayoutModel.safeLocalPath(null)).isEqualTo("/");
    }
}
