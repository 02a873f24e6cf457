import { fillTemplate } from '../comment/texts.js';
import type { Config } from '../config/schema.js';
import { kindLabel, kindText, languageLabel, placeholderValues } from './step.js';

export interface PreviewItem {
  title: string;
  body: string;
}

/**
 * What `recovery-triage preview` shows of kinds, language and urgency: the next steps of every
 * kind (and each translation the config holds), the language note and the queue policy, filled
 * with the sample request's values, as the requester reads them.
 */
export function kindPreviewItems(config: Config, requester: string, issue: number): PreviewItem[] {
  const items: PreviewItem[] = [];
  const languages = [null, ...Object.keys(config.language.texts)];
  config.kinds.forEach((kind, i) => {
    const label = kindLabel(kind);
    const where =
      kind.action === 'redirect'
        ? 'posted as a comment, then the issue is closed as not planned'
        : 'in the status comment (incomplete, triage)';
    const about = [
      `${i + 1}. kind \`${kind.id}\``,
      kind.id === config.defaultKind ? 'the default' : null,
      label === null ? 'no label' : `label "${label.name}"`,
      where,
    ]
      .filter((p) => p !== null)
      .join(', ');
    for (const language of languages) {
      const translated = language !== null && config.language.texts[language]?.kinds?.[kind.id] !== undefined;
      if (language !== null && !translated) continue;
      const text = fillTemplate(kindText(config, kind, language), placeholderValues(config, requester, issue, language)).trim();
      const body = text === '' ? '*(no text)*' : kind.action === 'redirect' ? `@${requester} ${text}` : text;
      items.push({ title: language === null ? about : `${about} (${language})`, body });
    }
  });
  const sample = Object.keys(config.language.texts)[0] ?? (config.language.team === 'pt' ? 'es' : 'pt');
  for (const language of [null, ...Object.keys(config.language.texts)]) {
    const code = language ?? sample;
    const note = (language === null ? null : config.language.texts[language].note) ?? (language === null ? config.language.note : null);
    if (note === null || note === undefined) continue;
    const label = languageLabel(config, code);
    items.push({
      title: `Language note, for a request written in \`${code}\`${label === null ? '' : ` (label "${label.name}")`}${language === null ? '' : ', translated'}`,
      body: fillTemplate(note, placeholderValues(config, requester, issue, code)),
    });
  }
  for (const language of [null, ...Object.keys(config.language.texts)]) {
    const policy = config.urgency.text === null ? null : language === null ? config.urgency.text : config.language.texts[language].urgency;
    if (policy === null || policy === undefined) continue;
    items.push({
      title: `Queue policy, posted once to a request asking for priority${language === null ? '' : ` (${language})`}`,
      body: `@${requester} ${fillTemplate(policy, placeholderValues(config, requester, issue, language))}`,
    });
  }
  return items;
}
