// The networking-needs template (DESIGN.md; the working group's "Faire réseau",
// action 3.1): a ready-to-publish trilingual SurveyJS definition whose
// questions carry the roles the recommendation engine reads.
import { DEMO_ANTENNAS, DEMO_SECTORS } from "~/demo/catalogue";
import { localizable } from "./localizable";
import type { LocalizedName } from "~/db/values";
import type { LocalizableText, QuestionRole } from "./roles";

type Text = { default: string; nl: string; en: string };
type Choice = { value: string; text: LocalizableText };

const text = (fr: string, nl: string, en: string): Text => ({ default: fr, nl, en });
const choice = (value: string, fr: string, nl: string, en: string): Choice => ({ value, text: text(fr, nl, en) });

export const NETWORKING_TEMPLATE_TITLE: Text = text(
  "Faire réseau : vos envies de rencontres entre membres",
  "Netwerken: hoe wil jij andere leden ontmoeten?",
  "Networking: how would you like to meet other members?",
);

/** Each theme, format or place is chosen by the working group from the most-ticked values. */
export const MAX_THEMES = 5;

/** Antennas and sectors with their codes and names, as the catalogue stores them. */
export type TemplateCatalogue = { antennas: { code: string; name: LocalizedName }[]; sectors: { code: string; name: LocalizedName }[] };

const catalogueChoices = (entries: { code: string; name: LocalizedName }[]): Choice[] =>
  entries.map(({ code, name }) => ({ value: code, text: localizable(name) }));

// Themes that cut across professions, from the cooperative's own words
// (juste prix, protection sociale, tiers-lieux, projets collectifs…).
const TRANSVERSAL_THEMES: Choice[] = [
  choice("fair-pricing", "Fixer un juste prix pour son travail", "Een eerlijke prijs vragen voor je werk", "Charging a fair price for your work"),
  choice("social-protection", "Protection sociale et droits des travailleur·euses", "Sociale bescherming en je rechten als werknemer", "Social protection and workers' rights"),
  choice("finding-work", "Trouver des clients et du travail", "Klanten en opdrachten vinden", "Finding clients and work"),
  choice("digital-tools", "Outils numériques", "Digitale tools", "Digital tools"),
  choice("third-places", "Tiers-lieux et espaces partagés", "Gedeelde werkplekken en ontmoetingsplaatsen", "Third places and shared spaces"),
  choice("collective-projects", "Monter des projets à plusieurs", "Samen projecten opzetten", "Setting up projects together"),
  choice("sustainability", "Transition écologique", "Duurzaamheid en ecologische transitie", "Sustainability"),
  choice("cooperative-life", "Vie coopérative et participation", "Meedoen in de coöperatie", "Taking part in the cooperative"),
  choice("wellbeing", "Bien-être au travail, sortir de l'isolement", "Welzijn op het werk, minder alleen werken", "Well-being at work, feeling less isolated"),
  choice("international", "Travailler à l'international", "Internationaal werken", "Working abroad"),
];

const FORMATS: Choice[] = [
  choice("afterwork", "Afterwork", "Afterwork", "After-work drinks"),
  choice("working-breakfast", "Petit-déjeuner de travail", "Werkontbijt", "Working breakfast"),
  choice("meet-and-connect", "Meet & connect : faire connaissance en petits groupes", "Meet & connect: kennismaken in kleine groepjes", "Meet & connect: getting to know each other in small groups"),
  choice("minibus-trip", "Excursion en minibus", "Uitstap met de minibus", "Minibus outing"),
  choice("forest-walk", "Balade en forêt", "Boswandeling", "Walk in the woods"),
  choice("park-picnic", "Pique-nique au parc", "Picknick in het park", "Picnic in the park"),
  choice("street-art-tour", "Parcours street art", "Streetartwandeling", "Street-art tour"),
  choice("shared-workspace-visit", "Visite guidée d'espaces de travail partagés", "Rondleiding in gedeelde werkruimtes", "Guided tour of shared workspaces"),
  choice("partner-meeting", "Partner meeting : un projet cherche partenaires", "Partner meeting: een project zoekt partners", "Partner meeting: a project looking for partners"),
  choice("experience-forum", "Demi-journée d'échange d'expériences", "Halve dag om ervaringen uit te wisselen", "Half-day experience-sharing forum"),
  choice("trade-fair", "Foire des métiers de la coopérative", "Beurs van de beroepen binnen de coöperatie", "Fair showcasing the cooperative's trades"),
];

const VENUES: Choice[] = [
  // No city in the labels: a proposal names the place for its own antenna ("like the KOP in Brussels" read oddly for Liège).
  choice("shared-space", "Un espace partagé de la coopérative", "Een gedeelde ruimte van de coöperatie", "One of the cooperative's shared spaces"),
  choice("workshop", "Un atelier partagé", "Een gedeeld atelier", "A shared workshop"),
  choice("antenna-office", "Les bureaux de mon antenne", "Het kantoor van mijn antenne", "My antenna's office"),
  choice("partner-space", "Chez un partenaire de la coopérative", "Bij een partner van de coöperatie", "At one of the cooperative's partners"),
  choice("outdoors", "En plein air", "Buiten, in openlucht", "Outdoors"),
  choice("online", "En ligne", "Online", "Online"),
];

const DAYS = [
  { code: "mon", fr: "Lundi", nl: "Maandag", en: "Monday" },
  { code: "tue", fr: "Mardi", nl: "Dinsdag", en: "Tuesday" },
  { code: "wed", fr: "Mercredi", nl: "Woensdag", en: "Wednesday" },
  { code: "thu", fr: "Jeudi", nl: "Donderdag", en: "Thursday" },
  { code: "fri", fr: "Vendredi", nl: "Vrijdag", en: "Friday" },
];
// Belgian Dutch splits the day into voormiddag, middag and namiddag.
const DAY_PARTS = [
  { code: "morning", fr: "matin", nl: "voormiddag", en: "morning" },
  { code: "lunch", fr: "midi", nl: "middag (lunch)", en: "lunchtime" },
  { code: "afternoon", fr: "après-midi", nl: "namiddag", en: "afternoon" },
  { code: "evening", fr: "soir", nl: "avond", en: "evening" },
];
const SLOTS: Choice[] = [
  ...DAYS.flatMap((day) =>
    DAY_PARTS.map((part) => choice(`${day.code}-${part.code}`, `${day.fr} ${part.fr}`, `${day.nl}${part.nl}`, `${day.en} ${part.en}`)),
  ),
  choice("weekend", "Le week-end", "In het weekend", "At the weekend"),
];

const FREQUENCIES: Choice[] = [
  choice("weekly", "Chaque semaine, par exemple tous les lundis matin", "Elke week, bijvoorbeeld elke maandagvoormiddag", "Every week, say every Monday morning"),
  choice("monthly", "Une fois par mois", "Eén keer per maand", "Once a month"),
  choice("quarterly", "Une fois par trimestre", "Eén keer per kwartaal", "Once a quarter"),
  choice("occasional", "De temps en temps, quand l'occasion se présente", "Af en toe, als er iets leuks is", "Now and then, when something comes up"),
];

// One list for what members offer and what they look for, so partner
// meetings can match an offer with a need by value.
const SKILLS: Choice[] = [
  choice("accounting-admin", "Comptabilité et démarches administratives", "Boekhouding en administratie", "Accounting and paperwork"),
  choice("communication", "Communication et relations presse", "Communicatie en persrelaties", "Communication and press relations"),
  choice("graphic-design", "Graphisme", "Grafisch ontwerp", "Graphic design"),
  choice("photo-video", "Photo et vidéo", "Foto en video", "Photo and video"),
  choice("sound", "Son : prise de son, mixage", "Geluid: opname en mixing", "Sound recording and mixing"),
  choice("web-digital", "Site web et outils numériques", "Website en digitale tools", "Websites and digital tools"),
  choice("legal-advice", "Conseil juridique : contrats, droits d'auteur", "Juridisch advies: contracten, auteursrecht", "Legal advice: contracts, copyright"),
  choice("funding", "Financement : subsides, crowdfunding", "Financiering: subsidies, crowdfunding", "Funding: grants, crowdfunding"),
  choice("equipment", "Matériel à prêter ou à partager", "Materiaal om uit te lenen of te delen", "Equipment to lend or share"),
  choice("workspace", "Un espace de travail", "Een werkruimte", "Workspace"),
  choice("translation", "Traduction", "Vertaling", "Translation"),
  choice("training", "Formation et partage de savoir-faire", "Opleiding en kennis delen", "Training and passing on know-how"),
  choice("client-network", "Un réseau de clients", "Een klantennetwerk", "A network of clients"),
  choice("transport-logistics", "Transport et logistique", "Transport en logistiek", "Transport and logistics"),
  choice("project-partners", "Des partenaires pour un projet", "Partners voor een project", "Partners for a project"),
];

type Question = Record<string, unknown> & { type: string; name: string; title: Text; role?: QuestionRole };

const OTHER_THEME = text("Un autre thème", "Een ander thema", "Another topic");
const OTHER_SKILL = text("Autre chose", "Iets anders", "Something else");

function buildDefinition(antennaChoices: Choice[], sectorChoices: Choice[]): Record<string, unknown> {
  const antenna: Question = {
    type: "dropdown",
    name: "antenna",
    role: "profile.antenna",
    title: text("À quelle antenne êtes-vous rattaché·e ?", "Bij welke antenne ben je aangesloten?", "Which antenna do you belong to?"),
    isRequired: true,
    choices: antennaChoices,
  };
  const sector: Question = {
    type: "dropdown",
    name: "sector",
    role: "profile.sector",
    title: text("Dans quel secteur travaillez-vous surtout ?", "In welke sector werk je vooral?", "Which sector do you mainly work in?"),
    choices: sectorChoices,
    showOtherItem: true,
    otherText: text("Un autre secteur", "Een andere sector", "Another sector"),
  };
  const themes: Question = {
    type: "checkbox",
    name: "themes",
    role: "interest.theme",
    title: text(
      "Autour de quels thèmes aimeriez-vous rencontrer d'autres membres ?",
      "Rond welke thema's zou je graag andere leden ontmoeten?",
      "Which topics would you like to meet other members about?",
    ),
    description: text(
      `Votre métier ou un sujet qui concerne tous les métiers. ${MAX_THEMES} choix au maximum.`,
      `Je eigen vak of een onderwerp dat alle beroepen aangaat. Hoogstens ${MAX_THEMES} keuzes.`,
      `Your own line of work, or a subject that matters across trades. Up to ${MAX_THEMES} choices.`,
    ),
    isRequired: true,
    maxSelectedChoices: MAX_THEMES,
    choices: [...sectorChoices, ...TRANSVERSAL_THEMES],
    showOtherItem: true,
    otherText: OTHER_THEME,
  };
  const formats: Question = {
    type: "checkbox",
    name: "formats",
    role: "preference.format",
    title: text("Quels formats de rencontre vous tentent ?", "Welke soorten ontmoetingen spreken je aan?", "Which kinds of get-together appeal to you?"),
    description: text("Cochez tout ce qui vous donne envie.", "Duid alles aan wat je ziet zitten.", "Tick everything you would enjoy."),
    choices: FORMATS,
    showOtherItem: true,
    otherText: text("Une autre idée", "Een ander idee", "Another idea"),
  };
  const venues: Question = {
    type: "checkbox",
    name: "venues",
    role: "preference.venue",
    title: text("Où aimeriez-vous vous retrouver ?", "Waar zou je elkaar graag ontmoeten?", "Where would you like to meet?"),
    description: text(
      "Dans votre antenne : par exemple la KOP à Bruxelles, la BAF ou LaVallée.",
      "In je eigen antenne: bijvoorbeeld de KOP in Brussel, de BAF of LaVallée.",
      "In your own antenna: the KOP in Brussels, the BAF or LaVallée, for example.",
    ),
    choices: VENUES,
    showOtherItem: true,
    otherText: text("Un autre lieu", "Een andere plek", "Somewhere else"),
  };
  const slots: Question = {
    type: "checkbox",
    name: "slots",
    role: "availability.slot",
    title: text("Quand êtes-vous généralement disponible ?", "Wanneer kan je meestal?", "When are you usually free?"),
    description: text("Cochez tous les moments qui vous conviennent.", "Duid alle momenten aan die je passen.", "Tick every time that suits you."),
    choices: SLOTS,
  };
  const frequency: Question = {
    type: "radiogroup",
    name: "frequency",
    role: "preference.frequency",
    title: text("À quel rythme aimeriez-vous vous retrouver ?", "Hoe vaak zou je willen afspreken?", "How often would you like to meet?"),
    choices: FREQUENCIES,
  };
  const offers: Question = {
    type: "checkbox",
    name: "offers",
    role: "offer.skill",
    title: text(
      "Que pourriez-vous apporter à d'autres membres ?",
      "Wat zou je andere leden kunnen aanbieden?",
      "What could you offer other members?",
    ),
    choices: SKILLS,
    showOtherItem: true,
    otherText: OTHER_SKILL,
  };
  const needs: Question = {
    type: "checkbox",
    name: "needs",
    role: "need.skill",
    title: text(
      "Que cherchez-vous auprès d'autres membres ?",
      "Waarvoor zou je een beroep willen doen op andere leden?",
      "What are you looking for from other members?",
    ),
    choices: SKILLS,
    showOtherItem: true,
    otherText: OTHER_SKILL,
  };
  const suggestion: Question = {
    type: "comment",
    name: "suggestion",
    title: text("Une idée, une envie, une remarque ?", "Nog een idee, een wens of een opmerking?", "Any idea, wish or comment?"),
    description: text(
      "Merci de ne pas y mettre de nom ni de coordonnées : vos réponses restent anonymes.",
      "Vermeld geen namen of contactgegevens: je antwoorden blijven anoniem.",
      "Please leave out names and contact details: your answers stay anonymous.",
    ),
    maxLength: 2000,
  };

  return {
    title: NETWORKING_TEMPLATE_TITLE,
    description: text(
      "Depuis la crise sanitaire, beaucoup d'entre nous ont envie de recréer du lien. Dites-nous quels thèmes, formats, lieux et moments vous conviennent : votre antenne s'en servira pour organiser des rencontres entre membres. Comptez cinq minutes. Vos réponses sont anonymes et ne sont lues que regroupées : aucun résultat portant sur moins de 5 personnes n'est jamais affiché.",
      "Sinds corona willen veel leden elkaar opnieuw ontmoeten. Vertel ons welke thema's, formules, plekken en momenten jou liggen: je antenne gebruikt je antwoorden om ontmoetingen tussen leden te organiseren. Het duurt zo'n vijf minuten. Je antwoorden zijn anoniem en worden alleen samen met die van anderen bekeken: resultaten over minder dan 5 personen worden nooit getoond.",
      "Since the pandemic, many of us have wanted to reconnect. Tell us which themes, formats, places and times suit you: your antenna will use your answers to organise get-togethers between members. It takes about five minutes. Your answers are anonymous and only ever read together with others': no result about fewer than 5 people is ever shown.",
    ),
    completedHtml: text(
      "Merci ! Votre antenne vous tiendra au courant des rencontres qui en sortiront.",
      "Bedankt! Je antenne laat je weten welke ontmoetingen eruit voortkomen.",
      "Thank you! Your antenna will let you know about the get-togethers that come out of it.",
    ),
    showQuestionNumbers: "off",
    pages: [
      { name: "profile", title: text("Vous et votre activité", "Jij en je werk", "You and your work"), elements: [antenna, sector] },
      { name: "interests", title: text("Vos centres d'intérêt", "Wat je interesseert", "Your interests"), elements: [themes] },
      { name: "formats", title: text("Formats et lieux", "Formules en plekken", "Formats and places"), elements: [formats, venues] },
      { name: "timing", title: text("Quand et à quel rythme", "Wanneer en hoe vaak", "When and how often"), elements: [slots, frequency] },
      {
        name: "exchange",
        title: text("Donner et recevoir", "Geven en krijgen", "Give and take"),
        description: text(
          "Pour préparer des Partner Meetings, où des membres présentent un projet et trouvent qui peut les aider.",
          "Om Partner Meetings voor te bereiden, waar leden een project voorstellen en mensen vinden die kunnen helpen.",
          "To prepare Partner Meetings, where members present a project and find people who can help.",
        ),
        elements: [offers, needs, suggestion],
      },
    ],
  };
}

export type NetworkingTemplate = { title: LocalizableText; definition: Record<string, unknown> };

/**
 * A fresh copy of the template, safe to edit. The antenna and sector questions,
 * and the sector part of the themes, list the given catalogue (the seeded one by
 * default). When the survey targets exactly one known antenna, that antenna is
 * preselected: the question stays visible with every antenna listed, so a member
 * from elsewhere can still say so (a hidden question would lose its value,
 * SurveyJS clears invisible answers on completion).
 */
export function networkingTemplate({
  antennas = [],
  catalogue = { antennas: DEMO_ANTENNAS, sectors: DEMO_SECTORS },
}: { antennas?: string[]; catalogue?: TemplateCatalogue } = {}): NetworkingTemplate {
  const antennaChoices = catalogueChoices(catalogue.antennas);
  // A JSON round trip, not structuredClone: the sector list appears in two
  // questions (and the skills in two), and each must be edited on its own.
  const definition = JSON.parse(JSON.stringify(buildDefinition(antennaChoices, catalogueChoices(catalogue.sectors)))) as Record<string, unknown>;
  const [only] = antennas;
  if (antennas.length === 1 && only && antennaChoices.some((c) => c.value === only)) {
    const pages = definition.pages as { elements: Question[] }[];
    const antenna = pages.flatMap((page) => page.elements).find((question) => question.name === "antenna");
    if (antenna) antenna.defaultValue = only;
  }
  return { title: { ...NETWORKING_TEMPLATE_TITLE }, definition };
}
