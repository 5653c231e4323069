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
    void comesBackHomeAfterAPostOrAnError() {
        assertThat(LayoutModel.currentPath(new MockHttpServletRequest("POST", "/persons/search"))).isEqualTo("/");
        var error = new MockHttpServletRequest("GET", "/error");
        error.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 404);
        assertThat(LayoutModel.currentPath(error)).isEqualTo("/");
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
