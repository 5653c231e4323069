package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.custodia.identity.AccountService;
import io.custodia.identity.Role;
import io.custodia.identity.totp.Totp;
import io.custodia.identity.totp.TotpSecret;
import io.custodia.support.OnH2;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The real UI in headless Chromium (Debian's chromium and chromium-driver): an administrator signs in
 * with a TOTP code, creates a person, finds them by email, and a screenshot is saved under
 * target/screenshots. Skipped when the browser is not installed (.ci/run installs it).
 */
@OnH2
class BrowserH2IntegrationTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String PASSWORD = "browser test passphrase 2026";

    @LocalServerPort
    int port;
    @Autowired
    AccountService accounts;
    WebDriver driver;
    WebDriverWait wait;

    @BeforeEach
    void startBrowser() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "chromium and chromium-driver are not installed");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString()).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1400,1000", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    @AfterEach
    void stopBrowser() {
        if (driver != null) driver.quit();
    }

    @Test
    void adminSignsInWithTotpCreatesAPersonAndFindsThemByEmail() throws IOException {
        String username = "admin" + UUID.randomUUID().toString().substring(0, 6);
        var account = accounts.createAccount(username, "Camille Admin", PASSWORD, Set.of(Role.ADMIN, Role.SALES), false);
        TotpSecret secret = accounts.newTotpSecret();
        Totp totp = Totp.sha1Default();
        assertThat(accounts.confirmTotp(account.id(), secret, totp.code(secret.bytes(), Instant.now().minusSeconds(30)))).isTrue();

        signInWithTotp(username, secret);

        String email = "ines." + UUID.randomUUID().toString().substring(0, 6) + "@exemple.fr";
        driver.get(url("/persons/new"));
        driver.findElement(By.id("firstName")).sendKeys("Inès");
        driver.findElement(By.id("lastName")).sendKeys("Navigateur");
        driver.findElement(By.id("emails")).sendKeys(email);
        driver.findElement(By.cssSelector("main form button[type=submit]")).click();
        wait.until(ExpectedConditions.urlMatches(".*/persons/[0-9a-f-]{36}$"));
        assertThat(driver.getPageSource()).contains("Navigateur", email);

        driver.get(url("/persons"));
        driver.findElement(By.id("q")).sendKeys(email);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("person-results"), "Navigateur"));
        assertThat(driver.getCurrentUrl()).doesNotContain(email).doesNotContain("ines.");

        Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(screenshots.resolve("persons-search.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

        driver.get(url("/admin/accounts"));
        assertThat(driver.findElement(By.tagName("main")).getText()).contains(username);
        Files.write(screenshots.resolve("staff-accounts.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        driver.get(url("/account"));
        driver.findElement(By.id("token-name")).sendKeys("Intégration ERP");
        driver.findElement(By.cssSelector("#tokens form.inline-form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("issued-token")));
        assertThat(driver.findElement(By.id("issued-token")).getText()).startsWith("cst_");
        Files.write(screenshots.resolve("account-tokens.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    /** A sales rep's tour of the main pages in French, on demo data; screenshots of each page are saved. */
    @Test
    void salesRepBrowsesPersonsDealsAndOrganisationsInFrench() throws IOException {
        demoData.generate(new io.custodia.admin.DemoData.Counts(30, 6, 60, 12), 7);
        String username = "sales" + UUID.randomUUID().toString().substring(0, 6);
        accounts.createAccount(username, "Samuel Ventes", PASSWORD, Set.of(Role.SALES), false);
        driver.get(url("/login?lang=fr"));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
        Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(screenshots.resolve("home-fr.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fr");

        driver.get(url("/persons"));
        assertThat(driver.findElements(By.cssSelector("#person-results tbody tr"))).hasSizeGreaterThanOrEqualTo(25);
        Files.write(screenshots.resolve("persons-fr.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        driver.findElement(By.cssSelector("#person-results tbody tr a")).click();
        wait.until(ExpectedConditions.urlMatches(".*/persons/[0-9a-f-]{36}$"));
        Files.write(screenshots.resolve("person-detail-fr.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

        driver.get(url("/deals"));
        assertThat(driver.findElements(By.cssSelector(".board-column"))).hasSize(io.custodia.people.DealStage.values().length);
        Files.write(screenshots.resolve("deals-fr.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

        driver.get(url("/help"));
        assertThat(driver.findElement(By.id("register")).getText()).contains("Prospection B2B", "intérêt légitime", "3 ans", "Prénom",
                "RGPD art. 6(1)(f)").doesNotContain("P3Y").doesNotContain("person.first_name").doesNotContain("GDPR Art.");
        Files.write(screenshots.resolve("help-fr.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

        driver.get(url("/organisations"));
        Files.write(screenshots.resolve("organisations-fr.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

        driver.get(url("/audiences"));
        driver.findElement(By.cssSelector("input[name=stage][value=LEAD]")).click();
        driver.findElement(By.id("count")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("audience-result")));
        assertThat(driver.findElement(By.id("audience-result")).getText()).contains("Peuvent être contactées");
        Files.write(screenshots.resolve("audiences-fr.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        assertThat(driver.getPageSource()).doesNotContain("??");

        // on a phone nothing is wider than the screen: the bar takes rows, wide tables scroll inside their card
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(500, 900));
        try {
            for (String page : java.util.List.of("/", "/persons", "person", "/deals", "/organisations", "/help")) {
                if (page.equals("person")) {
                    driver.findElement(By.cssSelector("#person-results tbody tr a")).click();
                    wait.until(ExpectedConditions.urlMatches(".*/persons/[0-9a-f-]{36}$"));
                } else {
                    driver.get(url(page));
                }
                long[] width = widths();
                assertThat(width[0]).as("the page's width against the window's at " + driver.getCurrentUrl()).isLessThanOrEqualTo(width[1]);
                assertThat(driver.findElement(By.linkText("Aide")).getRect().getX()).as("the last section within the screen")
                        .isLessThan((int) width[1]);
            }
            Files.write(screenshots.resolve("person-detail-fr-phone.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
        }
    }

    /** The document's scrolling width and the viewport's (without its scroll bar). */
    private long[] widths() {
        java.util.List<?> w = (java.util.List<?>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        return new long[] {((Number) w.get(0)).longValue(), ((Number) w.get(1)).longValue()};
    }

    /**
     * Issue 4: a rep records on the phone that a person agrees to the newsletter, reads them for email
     * marketing, records their withdrawal, and from then on the person's page names the refusal and its day.
     */
    @Test
    void aWithdrawalTakenOnThePhoneStopsEmailMarketingAtOnceAndThePageSaysWhy() throws IOException {
        String username = "mkt" + UUID.randomUUID().toString().substring(0, 6);
        var rep = accounts.createAccount(username, "Morgane Marketing", PASSWORD, Set.of(Role.SALES, Role.MARKETING), false);
        var asRep = new io.custodia.access.AccessRequest(io.custodia.identity.Actor.staff(rep.id().toString(), Set.of(Role.SALES)), "crm");
        var person = persons.create(asRep, io.custodia.people.PersonInput.fromJson(java.util.Map.of("firstName", "Noé", "lastName", "Abonné",
                "emails", java.util.List.of("noe.abonne@exemple.fr")), 0));
        driver.get(url("/login"));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

        driver.get(url("/persons/" + person.id().value()));
        By marketingRow = By.cssSelector("#choices tr[data-purpose='email-marketing']");
        assertThat(driver.findElement(marketingRow).getText()).contains("no consent");
        // nothing to withdraw yet: no such button
        assertThat(driver.findElement(marketingRow).findElements(By.cssSelector("button[value=withdrawn]"))).isEmpty();
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("channel-email-marketing"))).selectByValue("EMAIL");
        driver.findElement(marketingRow).findElement(By.cssSelector("button[value=given]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "Consent recorded"));
        assertThat(driver.findElement(marketingRow).getText()).contains("consent given", "Email · given");

        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("purpose-select"))).selectByValue("email-marketing");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".purpose-switch .basis"), "consent"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Noé");

        driver.findElement(marketingRow).findElement(By.cssSelector("button[value=withdrawn]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".basis-refusal")));
        String today = java.time.format.DateTimeFormatter.ofPattern("dd MMM yyyy", java.util.Locale.ENGLISH)
                .format(java.time.LocalDate.now(PersonViews.ZONE));
        assertThat(driver.findElement(By.cssSelector(".basis-refusal .reason")).getText())
                .isEqualTo("This person withdrew their consent for “Email marketing” on " + today + ".");
        assertThat(driver.getPageSource()).doesNotContain("noe.abonne").doesNotContain("??");
        Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(screenshots.resolve("consent-withdrawn-refusal.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("purpose-select"))).selectByValue("crm");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("choices")));
        assertThat(driver.findElement(marketingRow).getText()).contains("consent withdrawn", "Email · withdrawn");
        Files.write(screenshots.resolve("person-privacy-choices.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @org.junit.jupiter.api.extension.RegisterExtension
    static final com.icegreen.greenmail.junit5.GreenMailExtension SMTP =
            new com.icegreen.greenmail.junit5.GreenMailExtension(com.icegreen.greenmail.util.ServerSetupTest.SMTP);
    @Autowired
    io.custodia.consent.ConsentLedger consents;
    @Autowired
    io.custodia.consent.DoubleOptIn privacyEmails;

    /**
     * Issue 4: a person opens their preference centre from the link emailed to them and turns email
     * marketing off in one click; a marketer who then opens them for that purpose meets the refusal,
     * with its reason and day.
     */
    @Test
    void aPersonWithdrawsFromTheEmailedPreferenceLinkAndStaffSeeWhy() throws IOException, jakarta.mail.MessagingException {
        String username = "mkt" + UUID.randomUUID().toString().substring(0, 6);
        var marketer = accounts.createAccount(username, "Maxime Marketing", PASSWORD, Set.of(Role.MARKETING), false);
        var staff = io.custodia.identity.Actor.staff(marketer.id().toString(), Set.of(Role.MARKETING));
        var sales = io.custodia.identity.Actor.staff(UUID.randomUUID().toString(), Set.of(Role.SALES));
        var person = persons.create(new io.custodia.access.AccessRequest(sales, "crm"), io.custodia.people.PersonInput.fromJson(java.util.Map.of(
                "firstName", "Inès", "lastName", "Lectrice", "emails", java.util.List.of("ines.lectrice@exemple.fr"), "language", "fr"), 0));
        consents.record(staff, io.custodia.consent.Choice.of(person.id(), io.custodia.consent.ChoiceKind.GIVEN, "email-marketing",
                io.custodia.consent.Channel.EMAIL, io.custodia.consent.ChoiceSource.STAFF_PHONE));
        privacyEmails.emailPreferenceLink(staff, person.id());

        var mail = SMTP.getReceivedMessagesForDomain("ines.lectrice@exemple.fr");
        assertThat(mail).hasSize(1);
        assertThat(mail[0].getSubject()).isEqualTo("Vos choix de confidentialité");
        var link = java.util.regex.Pattern.compile("http://localhost:8080(/privacy/preferences\\?t=[A-Za-z0-9_-]+)")
                .matcher(com.icegreen.greenmail.util.GreenMailUtil.getBody(mail[0]).replace("=\r\n", "").replace("=3D", "="));
        assertThat(link.find()).isTrue();
        driver.get(url(link.group(1) + "&lang=fr"));
        By row = By.cssSelector(".preference-list li[data-purpose='email-marketing']");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Vos choix de confidentialité");
        assertThat(driver.findElement(row).getText()).contains("Vous l’avez accepté");
        Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(screenshots.resolve("preference-centre-fr.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        driver.findElement(row).findElement(By.cssSelector("button[value=off]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "désactivé"));
        assertThat(driver.findElement(row).getText()).contains("Vous avez retiré votre consentement le").contains("Télécharger le reçu");
        Files.write(screenshots.resolve("preference-centre-withdrawn-fr.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

        driver.manage().deleteAllCookies();
        driver.get(url("/login?lang=en"));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
        driver.get(url("/persons/" + person.id().value()));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".basis-refusal")));
        String today = java.time.format.DateTimeFormatter.ofPattern("dd MMM yyyy", java.util.Locale.ENGLISH)
                .format(java.time.LocalDate.now(PersonViews.ZONE));
        assertThat(driver.findElement(By.cssSelector(".basis-refusal .reason")).getText())
                .isEqualTo("This person withdrew their consent for “Email marketing” on " + today + ".");
        assertThat(driver.getPageSource()).doesNotContain("ines.lectrice");
    }

    /** Issue 3: the DPO opens the audit viewer, filters by a person and sees the reads a sales rep made earlier. */
    @Test
    void dpoFiltersTheAuditViewerByAPersonAndSeesEarlierReads() throws IOException {
        var sales = accounts.createAccount("sales" + UUID.randomUUID().toString().substring(0, 6), "Sacha Commercial", PASSWORD,
                Set.of(Role.SALES), false);
        var asSales = new io.custodia.access.AccessRequest(io.custodia.identity.Actor.staff(sales.id().toString(), Set.of(Role.SALES)), "crm");
        var person = persons.create(asSales, io.custodia.people.PersonInput.fromJson(
                java.util.Map.of("firstName", "Lou", "lastName", "Audité", "emails", java.util.List.of("lou.audite@exemple.fr")), 0));
        persons.get(asSales, person.id());
        persons.get(asSales, person.id());

        String username = "dpo" + UUID.randomUUID().toString().substring(0, 6);
        var dpo = accounts.createAccount(username, "Dominique DPO", PASSWORD, Set.of(Role.DPO), false);
        TotpSecret secret = accounts.newTotpSecret();
        Totp totp = Totp.sha1Default();
        assertThat(accounts.confirmTotp(dpo.id(), secret, totp.code(secret.bytes(), Instant.now().minusSeconds(30)))).isTrue();
        signInWithTotp(username, secret);

        driver.findElement(By.linkText("Audit")).click();
        wait.until(ExpectedConditions.urlContains("/audit"));
        driver.findElement(By.id("subject")).sendKeys(person.id().value().toString());
        driver.findElement(By.id("apply-filters")).click();
        wait.until(ExpectedConditions.urlContains("subject="));
        var rows = driver.findElements(By.cssSelector("#audit-entries tbody tr"));
        assertThat(rows).extracting(r -> r.getText())
                // create returns the person as stored, read back for the purpose: that read is recorded too
                .filteredOn(t -> t.contains("Read") && t.contains("Sacha Commercial") && t.contains("Customer relationship management")).hasSize(3);
        // the purpose by its name in the register; its id, which the filter takes, on hover
        assertThat(driver.findElements(By.cssSelector("#audit-entries td[title='crm']"))).isNotEmpty();
        assertThat(rows).extracting(r -> r.getText()).anyMatch(t -> t.contains("Created") && t.contains("Sacha Commercial"));
        // codes in words for people, the code itself on hover
        assertThat(driver.findElements(By.cssSelector("#audit-entries span.badge[title='READ']"))).hasSize(3);
        assertThat(driver.findElement(By.id("audit-entries")).getText()).contains("Allowed").doesNotContain("ALLOWED")
                // each detail said for people, above the stored text the chain covers
                .contains("Person record · fields: ").contains("record=person; fields=");
        assertThat(driver.findElements(By.cssSelector("#audit-entries .verifies .ok"))).hasSize(rows.size());
        assertThat(driver.getPageSource()).doesNotContain("lou.audite").doesNotContain("Audité");
        Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(screenshots.resolve("audit-viewer.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

        driver.findElement(By.id("verify-ledger")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("verification")));
        assertThat(driver.findElement(By.id("verification")).getText()).contains("Chain intact");

        driver.get(url("/persons/" + person.id().value()));
        assertThat(driver.findElement(By.id("access-history")).getText()).contains("Sacha Commercial", "Read", "Customer relationship management");
        Files.write(screenshots.resolve("person-access-history.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Autowired
    io.custodia.people.PersonService persons;
    @Autowired
    io.custodia.admin.DemoData demoData;

    /**
     * Issue 4: a marketer counts an audience of French speakers, writes a campaign to it from the page,
     * sends it, and follows its messages; the person who consented is queued, the one who did not is not.
     */
    @Test
    void aMarketerWritesACampaignToAnAudienceAndSendsIt() throws IOException {
        String username = "camp" + UUID.randomUUID().toString().substring(0, 6);
        var rep = accounts.createAccount(username, "Camille Campagne", PASSWORD, Set.of(Role.MARKETING), false);
        var asSales = new io.custodia.access.AccessRequest(io.custodia.identity.Actor.staff(UUID.randomUUID().toString(), Set.of(Role.SALES)), "crm");
        String u = UUID.randomUUID().toString().substring(0, 6);
        var yes = persons.create(asSales, io.custodia.people.PersonInput.fromJson(java.util.Map.of("firstName", "Léa", "emails",
                java.util.List.of("lea." + u + "@exemple.fr"), "language", "fr", "jurisdiction", "EU"), 0));
        persons.create(asSales, io.custodia.people.PersonInput.fromJson(java.util.Map.of("firstName", "Hugo", "emails",
                java.util.List.of("hugo." + u + "@exemple.fr"), "language", "fr", "jurisdiction", "EU"), 0));
        consents.record(io.custodia.identity.Actor.staff(rep.id().toString(), Set.of(Role.MARKETING)), new io.custodia.consent.Choice(yes.id(),
                io.custodia.consent.ChoiceKind.GIVEN, "email-marketing", io.custodia.consent.Channel.EMAIL, io.custodia.consent.ChoiceSource.API,
                "fr", null, null, null, null));
        driver.get(url("/login"));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

        driver.get(url("/audiences"));
        // email marketing does not cover tags: the field is there, but cannot be used
        assertThat(driver.findElement(By.id("tags")).isEnabled()).isFalse();
        driver.findElement(By.id("languages")).sendKeys("fr");
        driver.findElement(By.cssSelector("input[name=jurisdiction][value=EU]")).click();
        driver.findElement(By.id("count")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("audience-result")));
        assertThat(Long.parseLong(driver.findElement(By.id("eligible")).getText().replace(",", ""))).isGreaterThanOrEqualTo(1);
        driver.findElement(By.cssSelector("#write-campaign button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("campaign-form")));
        driver.findElement(By.id("name")).sendKeys("Lettre " + u);
        driver.findElement(By.id("subject-en")).sendKeys("News for {firstName}");
        driver.findElement(By.id("body-en")).sendKeys("Hello {firstName}, our news.");
        driver.findElement(By.id("subject-fr")).sendKeys("Nouvelles pour {firstName}");
        driver.findElement(By.id("body-fr")).sendKeys("Bonjour {firstName}, nos nouvelles.");
        Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(screenshots.resolve("campaign-new.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        driver.findElement(By.id("save-campaign")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("send-campaign")));
        assertThat(driver.findElement(By.id("campaign-status")).getText()).isEqualTo("Draft");
        driver.findElement(By.id("send-campaign")).click();
        // sending cannot be undone: asked first
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("confirm-send-campaign")));
        driver.findElement(By.id("confirm-send-campaign")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("queued")));
        assertThat(driver.findElement(By.id("campaign-progress")).getText()).contains("Waiting to be sent");
        assertThat(driver.getPageSource()).doesNotContain("lea." + u).doesNotContain("hugo." + u).doesNotContain("??");
        Files.write(screenshots.resolve("campaign-detail.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        driver.get(url("/campaigns"));
        assertThat(driver.findElement(By.id("campaigns")).getText()).contains("Lettre " + u, "Sending");
        Files.write(screenshots.resolve("campaigns.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    /**
     * Issue 5: a person asks for their data on the privacy centre, confirms from the emailed link, the DPO
     * carries the request out from the queue, and the person downloads their package from the next email.
     */
    @Test
    void aPersonAsksForTheirDataConfirmsItTheDpoFulfilsItAndThePersonDownloadsIt() throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 6);
        String email = "maya." + u + "@exemple.fr";
        var asSales = new io.custodia.access.AccessRequest(io.custodia.identity.Actor.system(Set.of(Role.SALES)), "crm");
        persons.create(asSales, io.custodia.people.PersonInput.fromJson(java.util.Map.of("firstName", "Maya", "lastName", "Demandeuse" + u,
                "emails", java.util.List.of(email), "jurisdiction", "EU", "notes", "Rappeler en janvier " + u), 0));
        Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));

        driver.get(url("/privacy/requests"));
        driver.findElement(By.cssSelector("input[name=type][value=ACCESS]")).click();
        driver.findElement(By.id("email")).sendKeys(email);
        driver.findElement(By.cssSelector("input[name=jurisdiction][value=EU]")).click();
        Files.write(screenshots.resolve("privacy-requests.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        driver.findElement(By.id("send-request")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("request-sent")));

        java.util.regex.Matcher verify = java.util.regex.Pattern.compile("http://localhost:8080(/privacy/requests/verify\\?t=[A-Za-z0-9_-]+)")
                .matcher(mailBody(email, 0));
        assertThat(verify.find()).isTrue();
        driver.get(url(verify.group(1)));
        driver.findElement(By.id("confirm-request")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("request-confirmed")));

        String username = "dpo" + UUID.randomUUID().toString().substring(0, 6);
        var dpo = accounts.createAccount(username, "Dominique DPO", PASSWORD, Set.of(Role.DPO), false);
        TotpSecret secret = accounts.newTotpSecret();
        assertThat(accounts.confirmTotp(dpo.id(), secret, Totp.sha1Default().code(secret.bytes(), Instant.now().minusSeconds(30)))).isTrue();
        signInWithTotp(username, secret);
        driver.findElement(By.linkText("Requests")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rights-queue")));
        Files.write(screenshots.resolve("rights-queue.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        driver.findElement(By.cssSelector("#rights-queue tr[data-urgency=ok] a")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("fulfil")));
        Files.write(screenshots.resolve("rights-request.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        driver.findElement(By.id("fulfil")).click();
        // the request page before the answer has a form field "outcome"; the answered page shows the outcome
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("request-outcome")));
        assertThat(driver.findElement(By.id("request-outcome")).getText()).isEqualTo("Complied with");
        assertThat(driver.getPageSource()).doesNotContain(email).doesNotContain("??");

        java.util.regex.Matcher download = java.util.regex.Pattern.compile("http://localhost:8080(/privacy/requests/package\\?t=[A-Za-z0-9_-]+)")
                .matcher(mailBody(email, 2));
        assertThat(download.find()).isTrue();
        driver.get(url(download.group(1)));
        String href = driver.findElement(By.id("download-package")).getAttribute("href");
        Files.write(screenshots.resolve("privacy-package.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        var zip = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(href)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.statusCode()).isEqualTo(200);
        String names = "";
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.body()))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names += entry.getName() + " ";
                if (entry.getName().equals("index.html")) {
                    assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).contains("Rappeler en janvier " + u);
                }
            }
        }
        assertThat(names).contains("index.html", "data.json", "person.csv");
    }

    @Autowired
    io.custodia.rights.RightsRequests rightsRequests;

    /**
     * Issue 5: the DPO records a legal hold on a customer's page; the customer's erasure then keeps only what the
     * hold requires, and the request and the person's page say so. A Californian's confirmation page asks for
     * details and a signed declaration.
     */
    @Test
    void theDpoPlacesALegalHoldAndAnErasureKeepsOnlyWhatItRequires() throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 6);
        var asSales = new io.custodia.access.AccessRequest(io.custodia.identity.Actor.system(Set.of(Role.SALES)), "crm");
        var person = persons.create(asSales, io.custodia.people.PersonInput.fromJson(java.util.Map.of("firstName", "Hugo", "lastName", "Client" + u,
                "emails", java.util.List.of("hugo." + u + "@exemple.fr"), "city", "Lille", "jurisdiction", "EU", "notes", "Appelé " + u), 0));
        Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        String username = "dpo" + UUID.randomUUID().toString().substring(0, 6);
        var dpo = accounts.createAccount(username, "Dominique DPO", PASSWORD, Set.of(Role.DPO), false);
        TotpSecret secret = accounts.newTotpSecret();
        assertThat(accounts.confirmTotp(dpo.id(), secret, Totp.sha1Default().code(secret.bytes(), Instant.now().minusSeconds(30)))).isTrue();
        signInWithTotp(username, secret);

        driver.get(url("/persons/" + person.id().value()));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("legal-holds")));
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("hold-purpose"))).selectByValue("accounting");
        driver.findElement(By.id("hold-reason")).sendKeys("Invoices of 2026, Code de commerce art. L123-22");
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("document.getElementById('hold-until').value = arguments[0]",
                java.time.LocalDate.now().plusYears(10).toString());
        driver.findElement(By.cssSelector("#legal-holds button.btn-primary")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("legal-holds"), "Code de commerce art. L123-22"));
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("document.getElementById('legal-holds').scrollIntoView()");
        Files.write(screenshots.resolve("person-legal-holds.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

        // the person writes to ask for their erasure: the DPO records the letter from their page
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("request-type"))).selectByValue("ERASURE");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("request-channel"))).selectByValue("STAFF_LETTER");
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("document.getElementById('person-requests').scrollIntoView()");
        Files.write(screenshots.resolve("person-record-request.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        driver.findElement(By.id("enter-request")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("fulfil")));
        // an erasure is carried out only once the DPO ticks the box that says it cannot be undone
        driver.findElement(By.id("confirm-erasure")).click();
        driver.findElement(By.id("fulfil")).click();
        // the request page before the answer has a form field "outcome"; the answered page shows the outcome
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("request-outcome")));
        assertThat(driver.findElement(By.id("request-outcome")).getText()).isEqualTo("Complied with in part");
        assertThat(driver.getPageSource()).contains("Accounting and legal obligations").doesNotContain("Appelé " + u).doesNotContain("??");
        Files.write(screenshots.resolve("rights-erasure-kept.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        driver.get(url("/persons/" + person.id().value()));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kept-erasure")));
        assertThat(driver.getPageSource()).doesNotContain("Appelé " + u);
        // the fields kept said by their labels, not the data map's ids
        assertThat(driver.findElement(By.id("kept-erasure")).getText()).contains("First name").doesNotContain("person.");

        // a Californian's request for specific pieces: the confirmation asks for details and a signed declaration
        String email = "ana." + u + "@example.com";
        persons.create(asSales, io.custodia.people.PersonInput.fromJson(java.util.Map.of("firstName", "Ana", "lastName", "Reyes" + u,
                "emails", java.util.List.of(email), "jurisdiction", "US_CA"), 0));
        rightsRequests.submit(io.custodia.rights.RequestType.ACCESS, email, io.custodia.people.Jurisdiction.US_CA, "en");
        java.util.regex.Matcher verify = java.util.regex.Pattern.compile("http://localhost:8080(/privacy/requests/verify\\?t=[A-Za-z0-9_-]+)")
                .matcher(mailBody(email, 0));
        assertThat(verify.find()).isTrue();
        driver.get(url(verify.group(1)));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("declaration")));
        Files.write(screenshots.resolve("privacy-verify-california.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        driver.findElement(By.id("lastName")).sendKeys("reyes" + u);
        driver.findElement(By.id("city")).sendKeys("Sacramento");
        driver.findElement(By.name("declare")).click();
        driver.findElement(By.id("signature")).sendKeys("Ana Reyes");
        driver.findElement(By.id("confirm-request")).click();
        // we hold no city for her: one detail is not two
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("verify-problem")));
        assertThat(driver.findElement(By.id("verify-problem")).getText()).contains("do not match");

        // an authorised agent's part of the form, in French
        driver.get(url("/privacy/requests?lang=fr"));
        driver.findElement(By.cssSelector("#agent summary")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("agentName")));
        assertThat(driver.getPageSource()).contains("Preuve de l’autorisation").doesNotContain("??");
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("document.getElementById('agent').scrollIntoView()");
        Files.write(screenshots.resolve("privacy-requests-agent-fr.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private String mailBody(String to, int index) throws jakarta.mail.MessagingException {
        var received = SMTP.getReceivedMessagesForDomain(to);
        assertThat(received.length).isGreaterThan(index);
        return com.icegreen.greenmail.util.GreenMailUtil.getBody(received[index]).replace("=\r\n", "").replace("=3D", "=");
    }

    /** Signs in through the login page with the password, then the current TOTP code. */
    private void signInWithTotp(String username, TotpSecret secret) {
        driver.get(url("/"));
        wait.until(ExpectedConditions.urlContains("/login"));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("/login/totp"));
        driver.findElement(By.id("code")).sendKeys(Totp.sha1Default().code(secret.bytes(), Instant.now()));
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
