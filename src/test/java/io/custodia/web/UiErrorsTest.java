package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.custodia.crypto.SubjectKeyMissingException;
import io.custodia.people.NotFoundException;
import io.custodia.policy.PurposeRefusedException;
import io.custodia.policy.PurposeRefusedException.Reason;
import io.custodia.shared.SubjectId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.ModelAndView;

class UiErrorsTest {

    private final StaffContext context = mock(StaffContext.class);
    private final UiErrors errors = new UiErrors(new LayoutModel(context, mock(io.custodia.datamap.DataMap.class)), context,
            new FormErrors(new org.springframework.context.support.StaticMessageSource()));
    private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/persons");

    @Test
    void staffWithoutAnyPurposeAreToldToAskAnAdministrator() {
        when(context.purposes(any())).thenReturn(List.of());

        ModelAndView page = errors.purpose(new PurposeRefusedException(Reason.MISSING, "no purpose", List.of()), null, request);

        assertThat(page.getViewName()).isEqualTo("purpose-required");
        assertThat(page.getStatus()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(page.getModel()).containsEntry("noPurpose", true).containsEntry(LayoutModel.CURRENT_PATH, "/persons");
    }

    @Test
    void aRefusedPurposeOffersTheSwitcherWithTheReason() {
        when(context.purposes(any())).thenReturn(List.of(PersonFormsTest.MARKETING));

        ModelAndView page = errors.purpose(new PurposeRefusedException(Reason.NOT_GRANTED, "not granted", List.of("crm")), null, request);

        assertThat(page.getModel()).containsEntry("noPurpose", false).containsEntry("reason", "NOT_GRANTED");
    }

    @Test
    void unknownRecordsAreNotFoundAndErasedPersonsAreGone() {
        assertThat(errors.notFound(new NotFoundException("person", "x"), null, request).getStatus()).isEqualTo(HttpStatus.NOT_FOUND);
        ModelAndView erased = errors.erased(new SubjectKeyMissingException(SubjectId.random()), null, request);
        assertThat(erased.getViewName()).isEqualTo("error/410");
        assertThat(erased.getStatus()).isEqualTo(HttpStatus.GONE);
    }
}
