import { z } from "zod";
import type { Locale } from "~/db/values";
import { hasMarkup } from "./markup";

// Per-survey options kept in surveys.settings (JSONB): the privacy notice
// members read, how long answers are kept, and whether consent is asked.

export const DEFAULT_RETENTION_MONTHS = 24;

const noticeText = z.string().trim().max(5000, "too_long").refine((text) => !hasMarkup(text), "markup_refused");
export const surveyOptionsSchema = z.object({
  privacyNotice: z.object({ fr: noticeText, nl: noticeText, en: noticeText }).partial().default({}),
  retentionMonths: z.number().int("invalid_value").min(1, "invalid_value").max(120, "invalid_value").default(DEFAULT_RETENTION_MONTHS),
  requireConsent: z.boolean().default(false),
});
export type SurveyOptions = z.infer<typeof surveyOptionsSchema>;

/** Options as stored, with defaults for what was never set (older surveys). */
export function readOptions(settings: Record<string, unknown> | null | undefined): SurveyOptions {
  const parsed = surveyOptionsSchema.safeParse(settings ?? {});
  return parsed.success ? parsed.data : surveyOptionsSchema.parse({});
}

export type NoticeFacts = { controller: string; contact: string; anonymous: boolean; minGroupSize: number; retentionMonths: number };

/**
 * GDPR article 13's information, in the member's language: controller and
 * contact, purpose and legal basis, recipients, retention, rights, and where
 * to complain. Staff may replace it per survey and language.
 */
export function defaultPrivacyNotice(locale: Locale, f: NoticeFacts): string {
  const texts: Record<Locale, string> = {
    fr: [
      `Responsable du traitement : ${f.controller}. Contact pour toute question sur vos données : ${f.contact}.`,
      "Finalité : connaître les besoins de réseautage des membres pour organiser des rencontres (thèmes, formats, lieux, moments). Base légale : l'intérêt légitime de la coopérative à animer la vie coopérative ; votre participation est libre.",
      f.anonymous
        ? "Ce sondage est anonyme : aucune réponse n'est reliée à votre nom, à votre adresse e-mail ni à une invitation, et aucune adresse IP n'est conservée avec elle. Nous ne pouvons donc pas retrouver votre réponse à partir de votre identité."
        : "Ce sondage n'est pas anonyme : votre réponse est reliée à l'invitation que vous avez reçue.",
      `Destinataires : l'équipe de votre antenne et le groupe de travail, qui ne voient que des résultats regroupés ; aucun chiffre portant sur moins de ${f.minGroupSize} personnes n'est montré.`,
      `Conservation : les réponses sont effacées ${f.retentionMonths} mois après la clôture du sondage.`,
      "Vos droits : accès, rectification, effacement, opposition et limitation. Avec le lien « terminer plus tard » ou votre lien de réponse, vous pouvez retirer votre réponse vous-même. Vous pouvez introduire une plainte auprès de l'Autorité de protection des données (www.autoriteprotectiondonnees.be).",
    ].join("\n\n"),
    nl: [
      `Verwerkingsverantwoordelijke: ${f.controller}. Contact voor vragen over je gegevens: ${f.contact}.`,
      "Doel: de netwerkbehoeften van de leden kennen om ontmoetingen te organiseren (thema's, formules, plaatsen, momenten). Rechtsgrond: het gerechtvaardigd belang van de coöperatie om het coöperatieve leven te ondersteunen; meedoen is vrijwillig.",
      f.anonymous
        ? "Deze enquête is anoniem: geen enkel antwoord wordt gekoppeld aan je naam, je e-mailadres of een uitnodiging, en er wordt geen IP-adres bij bewaard. We kunnen je antwoord dus niet terugvinden op basis van wie je bent."
        : "Deze enquête is niet anoniem: je antwoord is gekoppeld aan de uitnodiging die je kreeg.",
      `Ontvangers: het team van je antenne en de werkgroep, die alleen gegroepeerde resultaten zien; cijfers over minder dan ${f.minGroupSize} personen worden nooit getoond.`,
      `Bewaartermijn: de antwoorden worden ${f.retentionMonths} maanden na het sluiten van de enquête gewist.`,
      "Je rechten: inzage, verbetering, wissing, bezwaar en beperking. Met de link ‘later afwerken’ of je antwoordlink kan je je antwoord zelf intrekken. Je kan klacht indienen bij de Gegevensbeschermingsautoriteit (www.gegevensbeschermingsautoriteit.be).",
    ].join("\n\n"),
    en: [
      `Data controller: ${f.controller}. Contact for any question about your data: ${f.contact}.`,
      "Purpose: learning what networking members need, to organise meetings (themes, formats, places, times). Legal basis: the cooperative's legitimate interest in running cooperative life; taking part is voluntary.",
      f.anonymous
        ? "This survey is anonymous: no response is linked to your name, your email address or an invitation, and no IP address is kept with it. So we cannot find your response from who you are."
        : "This survey is not anonymous: your response is linked to the invitation you received.",
      `Recipients: your antenna's team and the working group, who only see grouped results; no figure about fewer than ${f.minGroupSize} people is ever shown.`,
      `Retention: responses are erased ${f.retentionMonths} months after the survey closes.`,
      "Your rights: access, rectification, erasure, objection and restriction. With the “finish later” link or your response link, you can withdraw your response yourself. You may lodge a complaint with the Belgian Data Protection Authority (www.dataprotectionauthority.be).",
    ].join("\n\n"),
  };
  return texts[locale];
}

/** The notice members see: the survey's own text in their language, else the default. */
export function privacyNotice(options: SurveyOptions, locale: Locale, facts: Omit<NoticeFacts, "retentionMonths">): string {
  return options.privacyNotice[locale]?.trim() || defaultPrivacyNotice(locale, { ...facts, retentionMonths: options.retentionMonths });
}
