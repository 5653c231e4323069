package io.custodia.admin;

import io.custodia.people.InteractionKind;
import java.util.List;
import java.util.Random;

/** Texts of demo interactions and deals, in French for French contacts and English for American ones. */
final class DemoTexts {

    private static final List<String> FR_PRODUCTS = List.of("Licence Entreprise", "Accompagnement RGPD", "Migration CRM",
            "Formation des équipes", "Support Premium", "Licence Équipe", "Audit de conformité");
    private static final List<String> US_PRODUCTS = List.of("Enterprise licence", "Onboarding package", "Data migration",
            "Premium support", "Team licence", "Privacy audit", "CCPA readiness workshop");

    private static final List<String> FR_CALLS = List.of(
            "Appel de découverte : cherche un CRM conforme au RGPD pour %d commerciaux.",
            "Point téléphonique sur le renouvellement du contrat, décision attendue sous %d semaines.",
            "Message laissé sur le répondeur, rappeler dans %d jours.",
            "Appel de suivi : questions sur l'hébergement en France et la réversibilité.",
            "Appel reporté, en arrêt maladie cette semaine.");
    private static final List<String> US_CALLS = List.of(
            "Discovery call: looking for a privacy-first CRM for %d sales reps.",
            "Renewal call; decision expected within %d weeks.",
            "Left a voicemail, call back in %d days.",
            "Follow-up call: questions about data residency and the DPA.",
            "Call moved: on sick leave this week.");
    private static final List<String> FR_MEETINGS = List.of(
            "Rendez-vous dans leurs locaux : démonstration de la plateforme, retours positifs.",
            "Revue trimestrielle : usage en hausse de %d %%, questions sur les limites de l'API.",
            "Atelier avec le DPO sur le registre des traitements.",
            "Déjeuner de travail, présentation de la feuille de route.");
    private static final List<String> US_MEETINGS = List.of(
            "On-site demo of the platform; positive feedback from the team.",
            "Quarterly business review: usage up %d%%, asked about API limits.",
            "Workshop with their privacy counsel on CCPA requests.",
            "Lunch meeting, presented the roadmap.");
    private static final List<String> FR_EMAILS = List.of(
            "Envoi de la proposition commerciale v%d.",
            "Envoi des conditions générales et de l'accord de sous-traitance (art. 28 RGPD).",
            "Réponse au questionnaire de sécurité (%d questions).",
            "Relance suite à la démonstration.");
    private static final List<String> US_EMAILS = List.of(
            "Sent proposal v%d.",
            "Sent the pricing and the DPA for legal review.",
            "Answered the security questionnaire (%d questions).",
            "Follow-up after the demo.");
    private static final List<String> FR_NOTES = List.of(
            "Contact clé pour le projet de migration.",
            "Préfère les échanges par e-mail.",
            "Budget prévu pour l'an prochain, environ %d k€.",
            "Nouveau numéro du standard : 01 %02d 45 67 89.");
    private static final List<String> US_NOTES = List.of(
            "Key contact for the migration project.",
            "Prefers email over phone.",
            "Budget planned for next year, around $%dk.",
            "New switchboard number: (415) 555-01%02d.");

    private DemoTexts() {
    }

    static String product(Market market, Random random) {
        return pick(market == Market.FR ? FR_PRODUCTS : US_PRODUCTS, random);
    }

    static String summary(InteractionKind kind, Market market, Random random) {
        boolean fr = market == Market.FR;
        List<String> texts = switch (kind) {
            case CALL -> fr ? FR_CALLS : US_CALLS;
            case MEETING -> fr ? FR_MEETINGS : US_MEETINGS;
            case EMAIL -> fr ? FR_EMAILS : US_EMAILS;
            case NOTE -> fr ? FR_NOTES : US_NOTES;
        };
        String text = pick(texts, random);
        return text.contains("%") ? String.format(text, 2 + random.nextInt(40)) : text;
    }

    private static String pick(List<String> items, Random random) {
        return items.get(random.nextInt(items.size()));
    }
}
