import { z } from 'zod';
import { ALL_POLICIES, POLICY_PRODUCT, type PolicyDefinition } from '../schema';

/**
 * JSON Schema (draft 2020-12) of the Linux policy file format (also the web host's --policy FILE), for
 * editors and configuration-management tools. Checks that JSON Schema cannot express (cross-policy
 * rules, pattern safety) are done by `npm run policy:check`.
 */
export function generateJsonSchema(defs: readonly PolicyDefinition[] = ALL_POLICIES): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const def of defs) {
    const schema = z.toJSONSchema(def.schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
    delete schema.$schema;
    const required = def.required ?? 'optional';
    properties[def.name] = {
      title: def.title,
      description: def.description,
      ...schema,
      ...(required === 'optional' ? { default: def.default } : {}),
      examples: [def.example],
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:${POLICY_PRODUCT.macDomain}:policy`,
    title: `${POLICY_PRODUCT.name} policy`,
    description: `One policy file in ${POLICY_PRODUCT.linuxDir}/managed/ or recommended/: an object mapping policy names to values. Generated from shared/policy/schema.ts.`,
    type: 'object',
    additionalProperties: false,
    properties,
  };
}

/** Every policy set to its example value: the sample Linux policy file. */
export function sampleValues(defs: readonly PolicyDefinition[] = ALL_POLICIES): Record<string, unknown> {
  return Object.fromEntries(defs.map((d) => [d.name, d.example]));
}
