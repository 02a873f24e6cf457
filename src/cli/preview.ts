import { checkRequest, type CheckResult } from '../checks/validate.js';
import { parseCommands } from '../commands/grammar.js';
import { helpText } from '../commands/registry.js';
import { emptyStatusData, historyEntry, type HistoryEntry, type StatusData } from '../comment/data.js';
import { capReply } from '../comment/limits.js';
import { renderStatusComment } from '../comment/render.js';
import { PLACEHOLDERS, textContext } from '../comment/texts.js';
import { defaultConfig, validateConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { loadBundledForm } from '../form/bundled.js';
import { FormTemplateError, parseFormTemplate, type FormTemplate } from '../form/schema.js';
import { locatePath, parseYaml } from '../form/yaml.js';
import { kindPreviewItems } from '../kinds/preview.js';
import { STATES, type State } from '../state/states.js';
import { onComment } from '../triage/comment-event.js';
import { startDraft } from '../triage/draft.js';
import { onJoinedQueue } from '../triage/intake.js';
import type { Draft, TriageInput } from '../triage/request.js';
import { onTimer } from '../triage/timer-event.js';
import { configPathFor, formPathFor, shown, sourcesLine } from './repository.js';
import { CliError, EXIT_OK, UsageError, parseCommandArgs, readText, type CliIo, type Command } from './command.js';

const usage = `Usage: recovery-triage preview [--config FILE] [--state STATE]

Prints what requesters read: the status comment of each state and the messages
the bot posts in it (reminders, command messages, closing texts), exactly as the
bot would post them (mention, escaping and length caps included), filled with
sample values. Without --state it also prints the canned replies and the
answers of /recovery help. Each reply the bot posts also ends with an invisible
marker, left out here.

Run inside a repository checkout, it uses the checkout's
.github/recovery-triage.yml and the form it names, as the bot does (else the
built-in defaults and the bundled form); standard error says which.

Options:
  --config FILE   recovery-triage config YAML (default: the checkout's
                  .github/recovery-triage.yml, else built-in defaults);
                  its messages section holds the texts
  --state STATE   only this state: ${STATES.join(', ')}
  -h, --help      show this help

Sample values: ${Object.entries(PLACEHOLDERS)
  .filter(([name]) => name !== 'platform')
  .map(([name, spec]) => `{${name}} ${spec.kind === 'issue' ? `#${spec.sample}` : JSON.stringify(spec.sample)}`)
  .join(', ')}; {platform} comes from the config.

Exit status: 0 printed, 2 usage, file or config error (each config error with
its key path, and its line when the key is in the file).
`;

export const previewCommand: Command = {
  name: 'preview',
  summary: 'Print the status comment and messages of each state as the bot would post them',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      config: { type: 'string' },
      state: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      io.stdout(usage);
      return EXIT_OK;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const state = values.state;
    if (state !== undefined && !(STATES as readonly string[]).includes(state)) {
      throw new UsageError(`unknown state "${state}"; the states are ${STATES.join(', ')}`);
    }
    const configPath = configPathFor(values.config, io);
    const config = configPath === undefined ? defaultConfig() : await loadConfig(configPath, io);
    const found = formPathFor(configPath, config, io);
    if (found.path === null && found.note !== null) io.stderr(`recovery-triage preview: note: ${found.note}.\n`);
    const form = found.path === null ? loadBundledForm() : await loadForm(found.path, io);
    io.stderr(
      sourcesLine('preview', {
        config: configPath === undefined ? null : shown(configPath, io),
        form: found.path === null ? null : shown(found.path, io),
      }),
    );
    io.stdout(renderPreview(config, state as State | undefined, form));
    return EXIT_OK;
  },
};

/** The config file, validated; every error located by key path (and line:column when found). */
async function loadConfig(path: string, io: CliIo): Promise<Config> {
  const text = await readText(path, 'config file', io);
  const yaml = parseYaml(text, path);
  if (!yaml.ok) throw new CliError(yaml.error);
  const result = validateConfig(yaml.value, path);
  if (!result.ok) throw new CliError(result.errors.map((e) => located(e, path, text)).join('\n'));
  return result.config;
}

/** The repository's form, as the bot parses it. */
async function loadForm(path: string, io: CliIo): Promise<FormTemplate> {
  try {
    return parseFormTemplate(await readText(path, 'form file', io), path);
  } catch (err) {
    if (err instanceof FormTemplateError) throw new CliError(err.message);
    throw err;
  }
}

/** `FILE: a.b: message` → `FILE:LINE:COL: a.b: message` when the key is written in the file. */
function located(error: string, source: string, text: string): string {
  const prefix = `${source}: `;
  if (!error.startsWith(prefix)) return error;
  const rest = error.slice(prefix.length);
  const unknown = /^unknown key "([^"]*)"/.exec(rest);
  const path = unknown !== null ? unknown[1] : rest.slice(0, Math.max(0, rest.indexOf(': ')));
  if (path === '' || path === '(top level)') return error;
  const at = locatePath(text, path.split('.'));
  return at === null ? error : `${source}:${at.line}:${at.col}: ${rest}`;
}

/** One thing the bot posts: a status comment or a reply. */
interface Item {
  title: string;
  body: string;
}

const SAMPLE = {
  requester: String(PLACEHOLDERS.requester.sample),
  issue: Number(PLACEHOLDERS.issue.sample),
  maintainer: String(PLACEHOLDERS.maintainer.sample),
  original: Number(PLACEHOLDERS.original.sample),
  queueAhead: Number(PLACEHOLDERS.queueAhead.sample),
  username: String(PLACEHOLDERS.username.sample),
  question: String(PLACEHOLDERS.question.sample),
  reason: String(PLACEHOLDERS.reason.sample),
  /** Ids of the status comment and of the maintainer's command comment ({status}, {comment}). */
  statusId: Number(String(PLACEHOLDERS.status.sample).replace('#issuecomment-', '')),
  commentId: Number(String(PLACEHOLDERS.comment.sample).replace('#issuecomment-', '')),
};

/** Fixed sample times, so that the preview is the same on every run. */
const OPENED = '2026-01-05T09:00:00Z';
const LATER = ['2026-01-05T09:00:05Z', '2026-01-06T14:20:00Z', '2026-01-07T10:00:00Z', '2026-01-08T16:45:00Z'];

/** The whole preview, or one state's part of it. */
export function renderPreview(config: Config, only?: State, form: FormTemplate = loadBundledForm()): string {
  const sections: string[] = [
    `# recovery-triage preview: what the requester reads${only === undefined ? '' : ` in state ${only}`}`,
    `Sample request ${'#'}${SAMPLE.issue} by ${SAMPLE.requester}; maintainer ${SAMPLE.maintainer}. Replies are shown as posted, without the invisible marker that ends each one.`,
  ];
  for (const state of STATES) {
    if (only !== undefined && only !== state) continue;
    sections.push(renderState(state, label(config, state), itemsOf(state, config, form)));
  }
  if (only === undefined) sections.push(renderState(null, 'any open state', otherItems(config)));
  if (only === undefined)
    sections.push(
      [
        '## Kinds, language and urgency (in recognition order)',
        ...kindPreviewItems(config, SAMPLE.requester, SAMPLE.issue).map((item) => `### ${item.title}\n\n${posted(config, item.body)}`),
      ].join('\n\n'),
    );
  return `${sections.join('\n\n')}\n`;
}

function label(config: Config, state: State): string {
  return `label "${config.labels[state].name}"`;
}

function renderState(state: State | null, about: string, items: Item[]): string {
  const heading = state === null ? `## Replies and help (${about})` : `## State ${state} (${about})`;
  return [heading, ...items.map((item) => `### ${item.title}\n\n${item.body}`)].join('\n\n');
}

/** What the bot posts in (or on entering) `state`. */
function itemsOf(state: State, config: Config, form: FormTemplate): Item[] {
  const complete = checkRequest(form, completeBody(form), config.username);
  switch (state) {
    case 'incomplete': {
      const check = checkRequest(form, incompleteBody(form), config.username);
      const items = [status(config, 'incomplete', history(['opened', null, 'incomplete']), check, 'status comment (sample problems)')];
      return [...items, ...reminder(config, 'incomplete')];
    }
    case 'triage': {
      const opened = history(['opened', null, 'triage']);
      const fixed = history(['opened', null, 'incomplete'], ['edited', 'incomplete', 'triage']);
      return [
        status(
          config,
          'triage',
          { ...opened, queueAhead: SAMPLE.queueAhead },
          complete,
          `status comment (${SAMPLE.queueAhead} requests ahead)`,
        ),
        status(config, 'triage', { ...fixed, queueAhead: 1 }, complete, 'status comment (after an edit fixed the form; 1 request ahead)'),
        status(config, 'triage', { ...opened, queueAhead: 0 }, complete, 'status comment (no request ahead)'),
        status(
          config,
          'triage',
          {
            ...opened,
            queueAhead: SAMPLE.queueAhead,
            claimedBy: SAMPLE.maintainer,
            account: { username: SAMPLE.username.toLowerCase(), verdict: 'renamed', canonical: SAMPLE.username, at: OPENED },
          },
          complete,
          'status comment (claimed by an admin; the account check found another spelling)',
        ),
        command(config, 'denied', 'reopen', complete, true),
      ];
    }
    case 'awaiting-requester': {
      const data = history(['opened', null, 'triage'], ['/recovery start', 'triage', 'awaiting-requester']);
      return [
        status(config, 'awaiting-requester', { ...data, claimedBy: SAMPLE.maintainer }, complete, 'status comment'),
        command(config, 'triage', 'start', complete, true),
        command(config, 'triage', `ask ${SAMPLE.question}`, complete, true),
        ...reminder(config, 'awaiting-requester'),
      ];
    }
    case 'verifying': {
      const data = history(
        ['opened', null, 'triage'],
        ['/recovery start', 'triage', 'awaiting-requester'],
        ['requester replied', 'awaiting-requester', 'verifying'],
      );
      return [
        status(config, 'verifying', { ...data, claimedBy: SAMPLE.maintainer }, complete, 'status comment'),
        command(config, 'awaiting-requester', 'verifying', complete, true),
      ];
    }
    case 'completed': {
      const data = history(
        ['opened', null, 'triage'],
        ['/recovery start', 'triage', 'awaiting-requester'],
        ['/recovery complete', 'awaiting-requester', 'completed'],
      );
      return [
        status(config, 'completed', { ...data, claimedBy: SAMPLE.maintainer }, complete, 'status comment'),
        command(config, 'verifying', 'complete', complete, true),
      ];
    }
    case 'denied': {
      const data = history(['opened', null, 'triage'], ['/recovery deny', 'triage', 'denied']);
      return [
        status(config, 'denied', data, complete, 'status comment'),
        command(config, 'triage', `deny ${SAMPLE.reason}`, complete, true),
        command(config, 'triage', 'withdraw', complete, false),
        ...timedOut(config),
      ];
    }
    case 'duplicate': {
      const data = history(['opened', null, 'triage'], ['/recovery duplicate', 'triage', 'duplicate']);
      return [
        status(config, 'duplicate', data, complete, 'status comment'),
        command(config, 'triage', `duplicate #${SAMPLE.original}`, complete, true),
        ...duplicateClosed(config),
      ];
    }
  }
}

/** Canned replies and the answers of `/recovery help`, in no particular state. */
function otherItems(config: Config): Item[] {
  const complete = checkRequest(loadBundledForm(), completeBody(loadBundledForm()), config.username);
  const replies = Object.keys(config.messages.replies).map((name) => command(config, 'triage', `reply ${name}`, complete, true));
  return [
    ...replies,
    { title: '`/recovery help` from the requester', body: posted(config, helpText(config, 'requester')) },
    { title: '`/recovery help` from someone else', body: posted(config, helpText(config, 'other')) },
    { title: '`/recovery help` from a maintainer', body: posted(config, helpText(config, 'maintainer')) },
  ];
}

/** The sample request, as the core sees it. */
function input(config: Config, state: State | null): TriageInput {
  return {
    config,
    template: loadBundledForm(),
    request: {
      number: SAMPLE.issue,
      author: SAMPLE.requester,
      open: state === null || !['completed', 'denied', 'duplicate'].includes(state),
      labels: [config.formLabel, ...(state === null ? [] : [config.labels[state].name])],
      body: null,
      status: { id: SAMPLE.statusId, body: '' },
    },
  };
}

/** Status data whose history is the given moves, one step apart. */
function history(...moves: [event: string, from: State | null, to: State][]): StatusData {
  const entries: HistoryEntry[] = moves.map(([event, from, to], i) =>
    historyEntry({
      at: i === 0 ? OPENED : LATER[Math.min(i, LATER.length - 1)],
      actor: event.startsWith('/recovery') ? SAMPLE.maintainer : SAMPLE.requester,
      event,
      from,
      to,
      reason: reasonOf(event, to),
      // Commands come from the maintainer's comment, which the status comment links.
      ...(event.startsWith('/recovery') ? { comment: SAMPLE.commentId } : {}),
      ...(event === '/recovery duplicate' ? { original: SAMPLE.original } : {}),
    }),
  );
  return { ...emptyStatusData(), history: entries, historyTotal: entries.length };
}

/** Reasons as the commands record them (src/commands/verbs). */
function reasonOf(event: string, to: State): string {
  if (event === 'opened' || event === 'edited') return to === 'triage' ? 'form complete' : '2 problems in: username, recovery-codes';
  if (event === 'requester replied') return 'the requester commented';
  const reasons: Record<string, string> = {
    '/recovery start': 'started verification',
    '/recovery complete': 'completed the request',
    '/recovery deny': `denied the request: ${SAMPLE.reason}`,
    '/recovery duplicate': `closed the request as a duplicate of #${SAMPLE.original}`,
  };
  return `${SAMPLE.maintainer} ${reasons[event] ?? `ran ${event}`}`;
}

function status(config: Config, state: State, data: StatusData, check: CheckResult, title: string): Item {
  const body = renderStatusComment({
    state,
    problems: state === 'incomplete' ? check.problems : [],
    data,
    labelOf: (s) => config.labels[s].name,
    sensitiveWarnings: [],
    historyRows: config.limits.historyRows,
    texts: textContext(config, SAMPLE.requester, SAMPLE.issue),
  });
  return { title, body };
}

/** A reply as the bot posts it: capped at limits.replyLength. */
function posted(config: Config, body: string): string {
  return capReply(body, config.limits.replyLength);
}

/** The message of a command run from `from` by a maintainer (or by the requester). */
function command(config: Config, from: State, text: string, check: CheckResult, byMaintainer: boolean): Item {
  const line = `/recovery ${text}`;
  const author = byMaintainer ? SAMPLE.maintainer : SAMPLE.requester;
  const draft = onComment(input(config, from), startDraft(history(['opened', null, from])), check, {
    id: 1,
    body: line,
    author: { login: author, at: LATER[2] },
    commands: parseCommands(line),
    created: true,
    isMaintainer: byMaintainer,
    replyKey: 'preview',
    maxCommands: config.limits.commandsPerComment,
  });
  const verb = line.split(/\s+/)[1];
  const shown = verb === 'reply' || verb === 'duplicate' ? line : `/recovery ${verb}`;
  const who = byMaintainer ? 'a maintainer' : 'the requester';
  return { title: `\`${shown}\` by ${who}`, body: replies(config, draft) };
}

function replies(config: Config, draft: Draft): string {
  return draft.replies.map((r) => posted(config, r.body)).join('\n\n') || '(nothing posted)';
}

/** The reminder of a timed state, when its timer has one. */
function reminder(config: Config, state: 'incomplete' | 'awaiting-requester'): Item[] {
  const settings = config.timers[state];
  if (settings.remindAfterDays === null) return [];
  const draft = onTimer(
    input(config, state),
    startDraft(history(['opened', null, 'triage'], ['/recovery ask', 'triage', state])),
    { step: 'remind', settings, since: OPENED },
    {
      login: 'recovery-triage timer',
      at: LATER[3],
    },
  );
  return [{ title: `reminder after ${settings.remindAfterDays} days without a reply (timers.${state})`, body: replies(config, draft) }];
}

/** Closing a silent request: posted from either timed state when its timer closes. */
function timedOut(config: Config): Item[] {
  const state = (['awaiting-requester', 'incomplete'] as const).find((s) => config.timers[s].closeAfterDays !== null);
  if (state === undefined) return [];
  const settings = config.timers[state];
  const draft = onTimer(
    input(config, state),
    startDraft(history(['opened', null, state])),
    { step: 'close', settings, since: OPENED },
    {
      login: 'recovery-triage timer',
      at: LATER[3],
    },
  );
  return [{ title: 'closed after no reply (timers: closeAfterDays)', body: replies(config, draft) }];
}

/** The message of duplicates.action close, posted when a request joins the queue. */
function duplicateClosed(config: Config): Item[] {
  const closing: Config = { ...config, duplicates: { ...config.duplicates, action: 'close' } };
  const draft = onJoinedQueue(
    startDraft(history(['opened', null, 'triage'])),
    0,
    { original: SAMPLE.original, open: [SAMPLE.original], closed: [] },
    closing,
    SAMPLE.requester,
    { login: 'recovery-triage', at: LATER[0] },
  );
  const note =
    config.duplicates.action === 'close' ? '' : ` (duplicates.action is ${config.duplicates.action}: not posted until it is close)`;
  return [{ title: `another open request names the same account${note}`, body: replies(config, draft) }];
}

/** A body of the form with every required field answered. */
function completeBody(form: FormTemplate): string {
  return formBody(form, false);
}

/** A body whose username is an e-mail address and whose first required box is not ticked. */
function incompleteBody(form: FormTemplate): string {
  return formBody(form, true);
}

function formBody(form: FormTemplate, broken: boolean): string {
  let unticked = false;
  const usernameField = form.fields.find((f) => f.type === 'input' && /user ?name/i.test(`${f.id} ${f.label}`));
  return form.fields
    .map((field) => {
      let answer: string;
      if (field.type === 'checkboxes') {
        answer = field.options
          .map((o) => {
            const skip = broken && o.required && !unticked;
            if (skip) unticked = true;
            return `- [${skip ? ' ' : 'X'}] ${o.label}`;
          })
          .join('\n');
      } else if (field === usernameField) {
        answer = broken ? `${SAMPLE.requester}@example.com` : SAMPLE.username;
      } else if (field.type === 'dropdown') {
        answer = field.options[0]?.label ?? 'None';
      } else {
        answer = 'I lost access to my second factor and to my recovery codes.';
      }
      return `### ${field.label}\n\n${answer}`;
    })
    .join('\n\n');
}
