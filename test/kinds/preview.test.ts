import { renderPreview } from '../../src/cli/preview.js';
import { defaultConfig, validateConfig } from '../../src/config/load.js';

test('preview shows the texts of every kind, in recognition order, with label and action', () => {
  const config = defaultConfig();
  const text = renderPreview(config);
  const section = text.slice(text.indexOf('## Kinds, language and urgency'));
  let at = 0;
  config.kinds.forEach((kind, i) => {
    const heading = section.indexOf(`### ${i + 1}. kind \`${kind.id}\``);
    expect(heading).toBeGreaterThan(at);
    at = heading;
  });
  expect(section).toContain(
    'kind `organization`, label "kind: organization", posted as a comment, then the issue is closed as not planned',
  );
  expect(section).toContain('kind `second-factor`, the default, no label');
  expect(section).toContain('Please write to the private security contact');
  expect(section).toContain('@octo-requester This tracker handles the recovery of personal accounts only.');
  expect(section).toContain('Your request seems to be written in Portuguese.');
  expect(section).toContain('@octo-requester We understand that this is pressing.');
  // A state alone shows no kinds.
  expect(renderPreview(config, 'triage')).not.toContain('## Kinds');
});

test("preview shows the team's translations next to the English texts", () => {
  const result = validateConfig({
    contacts: { support: 'suporte@example.org' },
    language: {
      texts: {
        pt: {
          note: 'Recebemos o seu pedido em {language}; a equipe trabalha em {teamLanguage}.',
          urgency: 'Os pedidos são atendidos por ordem de chegada.',
          kinds: { email: 'Escreva para {supportContact} e mencione {issue}.' },
        },
      },
    },
  });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  const section = renderPreview(result.config).split('## Kinds, language and urgency')[1];
  expect(section).toContain('### 4. kind `email`, label "kind: e-mail", in the status comment (incomplete, triage) (pt)');
  expect(section).toContain('Escreva para suporte@\u2060example.org e mencione #123.');
  expect(section).toContain('Recebemos o seu pedido em português; a equipe trabalha em inglês.');
  expect(section).toContain(
    'Queue policy, posted once to a request asking for priority (pt)\n\n@octo-requester Os pedidos são atendidos por ordem de chegada.',
  );
});
