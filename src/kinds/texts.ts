import type { TextSpec } from '../comment/texts.js';

/**
 * The texts of kinds, language and urgency: templates like every other text the requester reads
 * (src/comment/texts.ts), checked when the config is loaded.
 */
const COMMON = ['requester', 'issue', 'platform'] as const;

export const KIND_TEXT: TextSpec = {
  placeholders: [...COMMON, 'supportContact', 'privateContact'],
  about:
    'Next steps for this kind of request, shown in the status comment while the request is incomplete or waits in triage; a `redirect` kind posts it as a comment and closes the issue. Empty: no text.',
  default: '',
};

export const LANGUAGE_NOTE: TextSpec = {
  placeholders: [...COMMON, 'language', 'teamLanguage'],
  about: "Shown in the status comment when the request is written in a language other than the team's.",
  default:
    'Your request seems to be written in {language}. The admins work in {teamLanguage}, so it may wait until someone who reads {language} can look at it; adding a short {teamLanguage} translation in a comment (a machine translation is fine) helps.',
};

export const URGENCY_TEXT: TextSpec = {
  placeholders: [...COMMON],
  about: 'Posted once, as a comment, when the reason asks for priority ("ASAP", "urgent", ...).',
  default:
    'We understand that this is pressing. Requests are handled in the order they arrive, by a small team: asking for priority does not change a request’s place in the queue, and neither does opening another request. Your request keeps its place; please watch this issue for questions from the admins.',
};
