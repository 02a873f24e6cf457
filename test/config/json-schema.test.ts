import { readFileSync } from 'node:fs';
import { defaultConfig } from '../../src/config/load.js';
import { SCHEMA_FILE, SCHEMA_URL, configJsonSchema, renderConfigJsonSchema } from '../../src/config/json-schema.js';

interface Node {
  type?: string;
  default?: unknown;
  description?: string;
  properties?: Record<string, Node>;
  additionalProperties?: unknown;
  anyOf?: Node[];
}

const committedText = readFileSync(new URL(`../../${SCHEMA_FILE}`, import.meta.url), 'utf8');

/** Every property of the schema with its dotted path, depth first. */
function properties(node: Node, path: string[] = []): { path: string[]; node: Node }[] {
  return Object.entries(node.properties ?? {}).flatMap(([key, child]) => [
    { path: [...path, key], node: child },
    ...properties(child, [...path, key]),
  ]);
}

function at(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((v, key) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined), value);
}

test('the committed schema is what src/config/schema.ts generates: after changing the config schema, run `npm run schema` and commit the result', () => {
  const fresh = renderConfigJsonSchema();
  if (committedText !== fresh) {
    throw new Error(
      `${SCHEMA_FILE} is out of date with src/config/schema.ts.\nRun "npm run schema" (it builds, then regenerates the file) and commit ${SCHEMA_FILE}.`,
    );
  }
  expect(committedText).toBe(fresh);
});

test('the schema is a draft 2020-12 object schema with the public address that config files point at', () => {
  const schema = JSON.parse(committedText) as Node & Record<string, unknown>;
  expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  expect(schema.$id).toBe(SCHEMA_URL);
  expect(SCHEMA_URL.endsWith(`/${SCHEMA_FILE}`)).toBe(true);
  expect(schema.type).toBe('object');
});

test('it has every key of the config, rejects unknown keys at every level, and needs none (all have defaults)', () => {
  const schema = configJsonSchema() as Node & { required?: string[] };
  expect(Object.keys(schema.properties ?? {}).sort()).toEqual(Object.keys(defaultConfig()).sort());
  const objects = [{ path: [] as string[], node: schema as Node }, ...properties(schema)].filter((p) => p.node.type === 'object');
  for (const { path, node } of objects) {
    // messages.replies is a map of reply names; every other object is closed.
    if (path.join('.') === 'messages.replies') expect(node.additionalProperties).toMatchObject({ type: 'string' });
    // language.texts is a map of language codes, each a closed object.
    else if (path.join('.') === 'language.texts')
      expect(node.additionalProperties).toMatchObject({ type: 'object', additionalProperties: false });
    else
      expect({ path: path.join('.'), additionalProperties: node.additionalProperties }).toEqual({
        path: path.join('.'),
        additionalProperties: false,
      });
    expect((node as { required?: string[] }).required ?? []).toEqual([]);
  }
});

test('the defaults in the schema are the defaults of the bot', () => {
  const config = defaultConfig();
  const leaves = properties(configJsonSchema()).filter((p) => p.node.type !== 'object' && 'default' in p.node);
  expect(leaves.length).toBeGreaterThan(40);
  for (const { path, node } of leaves)
    expect({ path: path.join('.'), value: node.default }).toEqual({ path: path.join('.'), value: at(config, path) });
  // Nullable keys (anyOf with null) carry their default too.
  expect(at(configJsonSchema(), ['properties', 'accountCheck', 'properties', 'urlTemplate', 'default'])).toBeNull();
});

test('every key has a description for editors (a new key needs one in DESCRIPTIONS, src/config/json-schema.ts)', () => {
  const undocumented = properties(configJsonSchema())
    .filter((p) => typeof p.node.description !== 'string' || p.node.description.length === 0)
    .map((p) => p.path.join('.'));
  expect(undocumented).toEqual([]);
  const schema = configJsonSchema() as Node;
  expect(at(schema, ['properties', 'labels', 'properties', 'triage', 'properties', 'color', 'description'])).toBe(
    'Label colour: six hex digits without #.',
  );
  expect(at(schema, ['properties', 'timers', 'properties', 'incomplete', 'properties', 'closeAfterDays', 'description'])).toMatch(
    /^Days after the reminder/,
  );
});

test('the rules JSON Schema can express are there: colours, enums, bounds', () => {
  const schema = configJsonSchema() as Node;
  const color = at(schema, ['properties', 'flags', 'properties', 'sensitive-data', 'properties', 'color']) as Record<string, unknown>;
  expect(new RegExp(color.pattern as string).test('d93f0b')).toBe(true);
  expect(new RegExp(color.pattern as string).test('#d93f0b')).toBe(false);
  expect(at(schema, ['properties', 'permissions', 'properties', 'minimum', 'enum'])).toEqual([
    'read',
    'triage',
    'write',
    'maintain',
    'admin',
  ]);
  expect(at(schema, ['properties', 'username', 'properties', 'maxLength'])).toMatchObject({ type: 'integer', minimum: 1 });
});
