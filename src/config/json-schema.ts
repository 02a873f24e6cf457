import { z } from 'zod';
import { describeText, messageDescriptions, REPLY_TEXT } from '../comment/texts.js';
import { configSchema } from './schema.js';

/** Where the committed schema lives in the repository and in the npm package. */
export const SCHEMA_FILE = 'schema/recovery-triage.schema.json';

/**
 * The schema's public address: the `$id`, and what the `# yaml-language-server: $schema=` line of
 * a config file points at. Editors fetch it; nothing in the bot does.
 */
export const SCHEMA_URL = `https://raw.githubusercontent.com/recovery-triage/recovery-triage/main/${SCHEMA_FILE}`;

/**
 * Editor help for each key, by dotted path; `*` stands for any one key. A key without an entry
 * simply has no description: the zod schema stays the single source of the rules.
 */
const DESCRIPTIONS: Record<string, string> = {
  formLabel: 'Only issues carrying this label are handled. The issue form adds it; `recovery-triage setup` creates it.',
  form: 'Path of the issue form in the repository. The bundled form is used when the file does not exist.',
  username: 'Which form field holds the account name, and the rule for names on the platform.',
  'username.field': 'Form field id (or label slug) that holds the account name.',
  'username.platform': 'Name of the platform, used in messages ("PyPI usernames are not e-mail addresses").',
  'username.allowedCharacters': 'Characters allowed anywhere in the name: the inside of a regular-expression character class.',
  'username.alphanumericEnds': 'Whether the first and last characters must be letters or digits.',
  'username.maxLength': 'Longest accepted name, in characters.',
  'username.profileUrlPrefixes': 'Profile URLs whose last path segment is the username (a pasted profile link is read as the name).',
  labels: 'The label of each state: name, colour and description. Every label needs its own name.',
  'labels.*': 'Label of this state.',
  flags: 'Labels the bot adds as flags; only people remove them.',
  'flags.*': 'Label of this flag.',
  '*.*.name': 'Label name (at most 50 characters, GitHub compares names without case).',
  '*.*.color': 'Label colour: six hex digits without #.',
  '*.*.description': 'Label description shown on GitHub (at most 100 characters).',
  permissions: 'Who counts as a maintainer.',
  'permissions.minimum': 'Lowest repository permission that may run maintainer commands.',
  messages:
    'Every text the requester reads, as templates: Markdown with named placeholders such as {requester} (values are escaped; {{ and }} write literal braces). Each text accepts its own placeholders; an unknown one is a config error.',
  'messages.replies': `Canned replies of \`/recovery reply <name>\`. Setting this replaces the default set: copy the defaults you want to keep. ${describeText(REPLY_TEXT)}`,
  // messages.verificationStarted, messages.status.*, messages.commands.*, messages.timers.*, messages.duplicateClosed
  ...messageDescriptions(),
  sensitiveData: 'What the bot does when secrets or personal data are posted.',
  'sensitiveData.secrets':
    'Tokens, recovery codes, passwords, keys: redact (replace in place, label and warn), warn (label and warn) or off.',
  'sensitiveData.personalData': 'E-mail addresses and identity documents: redact, warn or off.',
  'sensitiveData.disabled': 'Detector kinds to turn off, e.g. [email].',
  accountCheck: 'Optional check that the named account exists.',
  'accountCheck.urlTemplate': 'URL of the account page with {username}, e.g. https://pypi.org/user/{username}/ ; null turns the check off.',
  'accountCheck.cacheMinutes': 'How long a verdict is reused, in minutes.',
  'accountCheck.timeoutMs': 'How long to wait for the account page, in milliseconds.',
  evidence:
    "Public evidence for maintainers in the status comment: the account's PyPI projects, their repositories and owner ids (docs/evidence.md).",
  'evidence.enabled': 'Gather the evidence (off by default).',
  'evidence.baseUrl': 'PyPI site root: https://pypi.org or https://test.pypi.org.',
  'evidence.maxProjects': 'Most projects of the account looked at (each costs up to 2 PyPI and 2 GitHub calls).',
  'evidence.timeoutMs': 'How long to wait for each PyPI call, in milliseconds.',
  'evidence.cacheHours': 'PyPI answers are reused, and the sweep refreshes the evidence, after this many hours.',
  'evidence.show': 'false: nothing is gathered into the status comment (the section and its data are left out).',
  duplicates: 'Requests for the same account.',
  'duplicates.action': 'flag: label and link the newer request; close: close it as a duplicate; off: do nothing.',
  'duplicates.closedWithinDays': 'Closed requests younger than this many days are listed for maintainers.',
  timers: 'Reminders and closing of requests that wait for the requester.',
  'timers.*': 'Timer of this state.',
  'timers.*.remindAfterDays': 'Days without a reply before one reminder; null turns the reminder off.',
  'timers.*.closeAfterDays': 'Days after the reminder before closing as not planned; null turns closing off.',
  'timers.exemptLabels': 'Requests carrying one of these labels are never reminded or closed by the timers.',
  claims: 'Who handles a request: `/recovery claim` assigns the maintainer.',
  'claims.assignOnStart': '`/recovery start` assigns whoever starts verification when nobody has claimed the request.',
  limits: 'Caps on what one comment can make the bot do or write.',
  'limits.commandsPerComment': 'Commands run from one comment; the rest get one line saying they were ignored.',
  'limits.replyLength': 'Characters of one reply the bot posts; longer replies are cut on a line with a note.',
  'limits.historyRows': 'History rows shown in the status comment; older ones are summarised in one line.',
  kinds:
    'What each request is about, in order of recognition: the first kind whose rules match wins, else defaultKind. Setting this replaces the default kinds (second-factor, email, new-device, suspended, testpypi, organization).',
  'kinds.*': 'One kind of request.',
  'kinds.*.id': 'Id of the kind (a-z, 0-9, -), used by `/recovery kind <id>`, defaultKind and language.texts.',
  'kinds.*.label': 'Label added while the request is of this kind: a name, or name, color and description; null for none.',
  'kinds.*.match': 'How the kind is recognised; case and accents are ignored.',
  'kinds.*.match.answers':
    'Form answers, by field key (id or label slug): a dropdown choice or ticked checkbox equal to one of the values matches.',
  'kinds.*.match.words': 'Words or phrases in the reason (whole words; a final * matches any ending; in Chinese or Japanese anywhere).',
  'kinds.*.match.patterns': 'Regular expressions searched in the reason, lower case with accents removed.',
  'kinds.*.nextSteps':
    'Next steps for the requester, in the status comment while the request is incomplete or in triage (template; placeholders {requester}, {issue}, {platform}, {supportContact}, {privateContact}). Empty: no text.',
  'kinds.*.action':
    'redirect: post nextSteps as a comment and close as not planned, once (for requests that belong elsewhere); none: nothing.',
  defaultKind: 'The kind of a request no kind matches; must be the id of a kind.',
  contacts: 'Where the texts of kinds send people.',
  'contacts.support': 'Where requesters write about the e-mail address of an account: {supportContact}.',
  'contacts.private': 'The private channel for cases not discussed in public (suspended accounts): {privateContact}.',
  language: "The language of the reason (detected with eld): a label and a note when it is not the team's.",
  'language.detect': 'Detect the language of the reason; false: no language labels or notes.',
  'language.team': 'The language the team works in (ISO 639-1 code, e.g. en).',
  'language.label': 'Label of a request written in another language; {code} in the name is the language code. null: no label.',
  'language.note':
    'Note in the status comment of a request in another language (template; placeholders {requester}, {issue}, {platform}, {language}, {teamLanguage}); null: no note.',
  'language.texts':
    'Your translations of the requester-facing texts, by language code: note, urgency and kinds.<id> (next steps). Without one, the English texts are used.',
  urgency: 'Requests that ask for priority ("ASAP", "urgent", ...) get the queue policy, once; their place in the queue never changes.',
  'urgency.words': 'Words or phrases that ask for priority, in any language (matched like kinds.*.match.words).',
  'urgency.patterns': 'Regular expressions that ask for priority (matched like kinds.*.match.patterns).',
  'urgency.text':
    'The queue policy, posted once as a comment (template; placeholders {requester}, {issue}, {platform}); null turns it off.',
};

type JsonSchema = { [key: string]: unknown; properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[] };

/** The most specific description for a path: exact keys beat `*`, from the last segment backwards. */
function describe(path: readonly string[]): string | undefined {
  let best: { text: string; score: number } | undefined;
  for (const [pattern, text] of Object.entries(DESCRIPTIONS)) {
    const parts = pattern.split('.');
    if (parts.length !== path.length || !parts.every((p, i) => p === '*' || p === path[i])) continue;
    // Exact segments near the end count most: labels.*.name loses to labels.triage.name.
    const score = parts.reduce((sum, p, i) => sum + (p === '*' ? 0 : 2 ** i), 0);
    if (best === undefined || score > best.score) best = { text, score };
  }
  return best?.text;
}

function annotate(node: JsonSchema, path: readonly string[]): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const childPath = [...path, key];
    const text = describe(childPath);
    if (text !== undefined) child.description = text;
    annotate(child, childPath);
    for (const option of child.anyOf ?? []) annotate(option, childPath);
    // List items (kinds): their keys are described under `<list>.*`.
    const items = child.items as JsonSchema | undefined;
    if (items !== undefined && typeof items === 'object') {
      const itemPath = [...childPath, '*'];
      const itemText = describe(itemPath);
      if (itemText !== undefined) items.description = itemText;
      annotate(items, itemPath);
    }
  }
}

/**
 * JSON Schema (draft 2020-12) of `.github/recovery-triage.yml`, generated from the zod schema as
 * the file is written (`io: 'input'`: keys with defaults are optional). Rules JSON Schema cannot
 * express (unique label names, `{username}` in the URL template, valid character classes) are
 * left to the bot and to `recovery-triage check --config`.
 */
export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }) as JsonSchema;
  annotate(generated, []);
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: SCHEMA_URL,
    title: 'recovery-triage configuration',
    description:
      "Configuration of the recovery-triage bot: .github/recovery-triage.yml in the repository (or in the owner's .github repository). Every key is optional.",
    ...rest,
  };
}

/** The committed file's exact text: two-space JSON and a final newline. */
export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
