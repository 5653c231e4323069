package io.custodia.admin;

import io.custodia.people.PersonService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** {@code java -jar custodia.jar --demo}: after start-up, an instance with no persons yet is filled with demo data. */
@Component
class DemoOnStart implements ApplicationRunner {

    static final String OPTION = "demo";
    private static final Logger log = LoggerFactory.getLogger(DemoOnStart.class);

    private final DemoData demoData;
    private final PersonService persons;

    DemoOnStart(DemoData demoData, PersonService persons) {
        this.demoData = demoData;
        this.persons = persons;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!args.containsOption(OPTION)) {
            return;
        }
        long existing = persons.count();
        if (existing > 0) {
            log.info("Demo data skipped: the instance already has {} persons (--demo only fills an empty instance)", existing);
            return;
        }
        long start = System.nanoTime();
        var created = demoData.generate(DemoData.Counts.DEFAULT, DemoData.DEFAULT_SEED);
        log.info("Demo data created in {} ms: {}", (System.nanoTime() - start) / 1_000_000, created.describe());
    }
}
