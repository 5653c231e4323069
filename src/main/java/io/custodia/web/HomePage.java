package io.custodia.web;

import io.custodia.people.DealService;
import io.custodia.people.InteractionService;
import io.custodia.people.OrganisationService;
import io.custodia.people.PersonService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The home page: counts, the pipeline by stage and a search box. Counts and amounts only, no personal data. */
@Controller
class HomePage {

    private final PersonService persons;
    private final OrganisationService organisations;
    private final InteractionService interactions;
    private final DealService deals;

    HomePage(PersonService persons, OrganisationService organisations, InteractionService interactions, DealService deals) {
        this.persons = persons;
        this.organisations = organisations;
        this.interactions = interactions;
        this.deals = deals;
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("personCount", persons.count());
        model.addAttribute("organisationCount", organisations.count());
        model.addAttribute("interactionCount", interactions.count());
        model.addAttribute("dealCount", deals.count());
        model.addAttribute("pipeline", deals.pipeline());
        return "home";
    }
}
