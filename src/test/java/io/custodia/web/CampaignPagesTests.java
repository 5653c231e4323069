package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.custodia.identity.AccountService;
import io.custodia.identity.Role;
import io.custodia.identity.StaffPrincipal;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.MockMvc;

/** Campaigns as a marketer writes, sends and follows them from the pages; the law's removals shown as counts. */
@AutoConfigureMockMvc
abstract class CampaignPagesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    AccountService accounts;

    private UsernamePasswordAuthenticationToken staff(Role role) {
        return io.custodia.support.Staff.session(accounts, role);
    }

    @Test
    void aDraftIsDeletedAfterConfirmation() throws Exception {
        var marketer = staff(Role.MARKETING);
        String location = mvc.perform(post("/campaigns").with(authentication(marketer)).with(csrf()).param("languages", "kl")
                .param("name", "Brouillon à jeter").param("subject.en", "Hi").param("subject.fr", "Salut").param("body.en", "Hello.")
                .param("body.fr", "Bonjour.")).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).matches("/campaigns/[0-9a-f-]{36}");
        String confirm = mvc.perform(get(location + "/delete").with(authentication(marketer)).locale(java.util.Locale.FRENCH))
                .andReturn().getResponse().getContentAsString();
        assertThat(confirm).contains("id=\"confirm-delete-campaign\"").contains("Brouillon à jeter").contains("Rien n’a été envoyé")
                .doesNotContain("??");
        var deleted = mvc.perform(post(location + "/delete").with(authentication(marketer)).with(csrf())).andReturn();
        assertThat(deleted.getResponse().getRedirectedUrl()).isEqualTo("/campaigns");
        assertThat(deleted.getFlashMap().get("notice")).isEqualTo("campaigns.deleted");
        assertThat(mvc.perform(get(location).with(authentication(marketer))).andReturn().getResponse().getStatus()).isEqualTo(404);
        // someone whose roles do not grant the campaign's purpose cannot delete it either
        String other = mvc.perform(post("/campaigns").with(authentication(marketer)).with(csrf()).param("languages", "kl")
                .param("name", "Autre").param("subject.en", "Hi").param("subject.fr", "Salut").param("body.en", "Hello.")
                .param("body.fr", "Bonjour.")).andReturn().getResponse().getRedirectedUrl();
        assertThat(mvc.perform(post(other + "/delete").with(authentication(staff(Role.SUPPORT))).with(csrf())).andReturn().getResponse()
                .getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get(other).with(authentication(marketer))).andReturn().getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void aMarketerWritesACampaignToAnAudienceSendsItAndFollowsIt() throws Exception {
        var marketer = staff(Role.MARKETING);
        String form = mvc.perform(post("/campaigns/new").with(authentication(marketer)).with(csrf()).param("languages", "kl")
                .param("jurisdiction", "EU")).andReturn().getResponse().getContentAsString();
        assertThat(form).contains("id=\"campaign-form\"").contains("name=\"languages\" value=\"kl\"").contains("id=\"eligible\"")
                .doesNotContain("??");

        // the text is checked field by field, and for anyone's personal data
        var refused = mvc.perform(post("/campaigns").with(authentication(marketer)).with(csrf()).param("languages", "kl")
                .param("name", "Lettre").param("subject.en", "News").param("body.en", "Write to jeanne.dupont@exemple.fr")
                .param("body.fr", "Bonjour")).andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(400);
        assertThat(refused.getContentAsString()).contains("id=\"campaign-form\"").contains("field-error").contains("value=\"Lettre\"")
                .doesNotContain("??");

        // no text of a campaign turns the direction of what follows, and a body holds no control character but line breaks
        var turned = mvc.perform(post("/campaigns").with(authentication(marketer)).with(csrf()).param("languages", "kl")
                .param("jurisdiction", "EU").param("name", "Lettre \u202e").param("subject.en", "News").param("subject.fr", "Nouvelles")
                .param("body.en", "Hello\u0007").param("body.fr", "Bonjour")).andReturn().getResponse();
        assertThat(turned.getStatus()).isEqualTo(400);
        var saved = mvc.perform(post("/campaigns").with(authentication(marketer)).with(csrf()).param("languages", "kl")
                .param("jurisdiction", "EU").param("name", "Lettre de décembre").param("subject.en", "News for {firstName}")
                .param("subject.fr", "Nouvelles pour {firstName}").param("body.en", "Hello {firstName}.").param("body.fr", "Bonjour {firstName}."))
                .andReturn().getResponse();
        assertThat(saved.getStatus()).isEqualTo(302);
        String location = saved.getRedirectedUrl();
        assertThat(location).matches("/campaigns/[0-9a-f-]{36}");

        String detail = mvc.perform(get(location).with(authentication(marketer))).andReturn().getResponse().getContentAsString();
        assertThat(detail).contains("Lettre de décembre").contains("id=\"send-campaign\"").contains("Draft").contains("kl")
                .contains("Nouvelles pour {firstName}").contains("id=\"delete-campaign\"").doesNotContain("??");

        // "Send now" asks first: the question names the campaign, and nothing is sent until it is answered
        String ask = mvc.perform(get(location + "/send").with(authentication(marketer))).andReturn().getResponse().getContentAsString();
        assertThat(ask).contains("Send “Lettre de décembre” now").contains("id=\"confirm-send-campaign\"").doesNotContain("??");
        assertThat(mvc.perform(get(location).with(authentication(marketer))).andReturn().getResponse().getContentAsString()).contains("Draft");
        var sent = mvc.perform(post(location + "/send").with(authentication(marketer)).with(csrf())).andReturn();
        assertThat(sent.getResponse().getRedirectedUrl()).isEqualTo(location);
        assertThat(sent.getFlashMap().get("queued")).isEqualTo(0L);
        String after = mvc.perform(get(location).with(authentication(marketer))).andReturn().getResponse().getContentAsString();
        assertThat(after).doesNotContain("id=\"send-campaign\"").contains("Sending");
        assertThat(mvc.perform(get(location + "/send").with(authentication(marketer))).andReturn().getResponse().getRedirectedUrl()).isEqualTo(location);

        assertThat(after).doesNotContain("id=\"delete-campaign\"");
        // a sent campaign is kept: asking to delete it leads back to it, saying why
        var keep = mvc.perform(get(location + "/delete").with(authentication(marketer))).andReturn();
        assertThat(keep.getResponse().getRedirectedUrl()).isEqualTo(location);
        assertThat(keep.getFlashMap().get("notice")).isEqualTo("campaigns.delete.sent");
        var keepPost = mvc.perform(post(location + "/delete").with(authentication(marketer)).with(csrf())).andReturn();
        assertThat(keepPost.getResponse().getRedirectedUrl()).isEqualTo(location);
        assertThat(mvc.perform(get(location).with(authentication(marketer))).andReturn().getResponse().getStatus()).isEqualTo(200);

        String list = mvc.perform(get("/campaigns").with(authentication(marketer))).andReturn().getResponse().getContentAsString();
        assertThat(list).contains("id=\"campaigns\"").contains("Lettre de décembre");
        // a campaign under a purpose one's roles do not grant is not there at all
        var rep = staff(Role.SUPPORT);
        assertThat(mvc.perform(get(location).with(authentication(rep))).andReturn().getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get("/campaigns").with(authentication(rep))).andReturn().getResponse().getContentAsString())
                .doesNotContain("Lettre de décembre");
    }
}
