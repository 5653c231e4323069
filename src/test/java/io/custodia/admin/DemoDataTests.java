package io.custodia.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.people.DealService;
import io.custodia.people.InteractionService;
import io.custodia.people.OrganisationService;
import io.custodia.people.Person;
import io.custodia.people.PersonService;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.context.SpringBootTest;

/** Demo data on an empty instance of its own, on H2 and on PostgreSQL (subclasses). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"custodia.identity.create-first-admin=false", "custodia.test.context=demo-data"})
abstract class DemoDataTests {

    @Autowired DemoData demoData;
    @Autowired DemoOnStart demoOnStart;
    @Autowired PersonService persons;
    @Autowired OrganisationService organisations;
    @Autowired InteractionService interactions;
    @Autowired DealService deals;

    @Test
    void createsTheRequestedCountsReadableThroughTheGatewayThenDemoStartLeavesTheDataAlone() {
        demoData.generate(new DemoData.Counts(40, 6, 50, 9), 7);

        assertThat(persons.count()).isEqualTo(40);
        assertThat(organisations.count()).isEqualTo(6);
        assertThat(interactions.count()).isEqualTo(50);
        assertThat(deals.count()).isEqualTo(9);
        List<Person> page = persons.list(DemoData.REQUEST, 0, 40, null).items();
        assertThat(page).hasSize(40).allSatisfy(p -> assertThat(p.view().get("person.last_name")).isNotBlank());
        assertThat(page).anySatisfy(p -> assertThat(p.organisationId()).isNotNull());
        assertThat(page).anySatisfy(p -> assertThat(p.flags()).isNotEmpty());

        demoOnStart.run(new DefaultApplicationArguments("--demo"));

        assertThat(persons.count()).isEqualTo(40);
    }
}
