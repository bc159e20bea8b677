import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parsePlist } from 'plist';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { def } from '../definition';
import { ALL_POLICIES, POLICY_PRODUCT } from '../schema';
import { generateAdml, generateAdmx } from './admx';
import { generatePolicyTemplates, templateBytes } from './index';
import { generateJsonSchema, sampleValues } from './jsonSchema';

const OUT = join(import.meta.dirname, '..', '..', '..', 'build', 'policy-templates');
const templates = generatePolicyTemplates();
const admx = templates.get('windows/ApprovedIM.admx')!;
const adml = templates.get('windows/en-US/ApprovedIM.adml')!;

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else out.push(relative(OUT, p).split('\\').join('/'));
  }
  return out;
}

const attrs = (xml: string, tag: string, attr: string) =>
  [...xml.matchAll(new RegExp(`<${tag}\\b[^>]*\\s${attr}="([^"]*)"`, 'g'))].map((m) => m[1]!);

describe('golden files', () => {
  it('build/policy-templates matches the schema (run `npm run policy:templates` after changing it)', async () => {
    expect((await listFiles(OUT)).sort()).toEqual([...templates.keys()].sort());
    for (const [path, text] of templates) {
      const onDisk = await readFile(join(OUT, path));
      expect(Buffer.compare(onDisk, Buffer.from(templateBytes(path, text))), path).toBe(0);
    }
  });
});

describe('ADMX / ADML', () => {
  it('are well-formed XML', () => {
    expect(XMLValidator.validate(admx)).toBe(true);
    expect(XMLValidator.validate(adml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(admx);
    expect(parsed.policyDefinitions.policies.policy.length).toBeGreaterThan(ALL_POLICIES.length);
  });

  it('have unique ids without dots', () => {
    const groups = {
      policies: attrs(admx, 'policy', 'name'),
      categories: attrs(admx, 'category', 'name'),
      supportedOn: attrs(admx, 'definition', 'name'),
      elements: ['text', 'multiText', 'decimal', 'longDecimal', 'enum', 'list', 'boolean'].flatMap((t) => attrs(admx, t, 'id')),
      strings: attrs(adml, 'string', 'id'),
      presentations: attrs(adml, 'presentation', 'id'),
    };
    for (const [group, ids] of Object.entries(groups)) {
      expect(ids.length, group).toBeGreaterThan(0);
      expect(new Set(ids).size, `${group} unique`).toBe(ids.length);
      for (const id of ids) expect(id, `${group}: ${id}`).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
    }
  });

  it('resolve every string and presentation reference, and every presentation refId', () => {
    const strings = new Set(attrs(adml, 'string', 'id'));
    for (const m of admx.matchAll(/\$\(string\.([^)]+)\)/g)) expect(strings.has(m[1]!), m[1]).toBe(true);
    const presentations = new Map(
      [...adml.matchAll(/<presentation id="([^"]+)">([\s\S]*?)<\/presentation>/g)].map((m) => [m[1]!, m[2]!]),
    );
    for (const m of admx.matchAll(/<policy name="([^"]+)"[^>]*presentation="\$\(presentation\.([^)]+)\)"[^>]*>([\s\S]*?)<\/policy>/g)) {
      const body = presentations.get(m[2]!);
      expect(body, m[2]).toBeDefined();
      const refIds = [...body!.matchAll(/refId="([^"]+)"/g)].map((r) => r[1]!);
      const elementIds = [...m[3]!.matchAll(/<\w+ id="([^"]+)"/g)].map((r) => r[1]!);
      expect(refIds.sort()).toEqual(elementIds.sort());
    }
  });

  it('offer every policy as mandatory, user-scope ones also as recommended', () => {
    const names = attrs(admx, 'policy', 'name');
    for (const d of ALL_POLICIES) {
      expect(names).toContain(d.name);
      expect(names.includes(`${d.name}_recommended`)).toBe(d.scope === 'user');
    }
    expect(admx).toContain('<category name="ApprovedIM" ');
    expect(admx).toContain('<category name="ApprovedIMRecommended" ');
    expect(admx).toMatch(/<policy name="XmppHost" class="Machine"[^>]*key="Software\\Policies\\ApprovedIM"/);
    expect(admx).toMatch(/<policy name="GroupChatAllowed_recommended" class="Both"[^>]*key="Software\\Policies\\ApprovedIM\\Recommended"/);
  });

  it('store lists as subkeys, JSON as text, numbers as decimal, multi-line text as multiText', () => {
    expect(admx).toContain('<list id="AllowedContactDomains" key="Software\\Policies\\ApprovedIM\\AllowedContactDomains" valuePrefix=""/>');
    expect(admx).toContain('<list id="DlpClassificationMarkings" key="Software\\Policies\\ApprovedIM\\DlpClassificationMarkings" valuePrefix=""/>');
    for (const n of ['DlpBuiltinDetectors', 'DlpActions', 'DlpKeywordLists', 'DlpPatterns']) expect(admx).toContain(`<text id="${n}" valueName="${n}"`);
    expect(admx).toContain('<decimal id="XmppPort" valueName="XmppPort" minValue="1" maxValue="65535" required="true"/>');
    expect(admx).toContain('<multiText id="RecordsNoticeText" valueName="RecordsNoticeText"');
    expect(admx).toContain('<text id="XmppCaCertificateFile" valueName="XmppCaCertificateFile" maxLength="4096" required="true" expandable="true"/>');
    expect(admx).toMatch(/<policy name="DevToolsAllowed"[^>]*valueName="DevToolsAllowed">[\s\S]*?<enabledValue><decimal value="1"\/><\/enabledValue>/);
  });

  it('use longDecimal (REG_QWORD) for ranges beyond REG_DWORD', () => {
    const big = def({
      name: 'BigNumber',
      title: 'Big number',
      kind: 'integer',
      schema: z.number().int().min(0).max(2 ** 40),
      default: 0,
      example: 2 ** 33,
      description: 'A number larger than a DWORD.',
      category: 'Management',
      scope: 'machine',
      runtime: true,
      securityCritical: false,
      sensitive: false,
      min: 0,
      max: 2 ** 40,
      since: '0.2',
    });
    const x = generateAdmx([big]);
    expect(x).toContain(`<longDecimal id="BigNumber" valueName="BigNumber" minValue="0" maxValue="${2 ** 40}" required="true"/>`);
    expect(x).toContain('name="SUPPORTED_ApprovedIM_0_2"');
    expect(XMLValidator.validate(x)).toBe(true);
    expect(XMLValidator.validate(generateAdml([big]))).toBe(true);
  });
});

describe('macOS profile, JSON schema, sample and reference', () => {
  it('the mobileconfig sets every sample value in the gov.state.approvedim payload', () => {
    const profile = parsePlist(templates.get(`macos/${POLICY_PRODUCT.macDomain}.mobileconfig`)!) as Record<string, unknown>;
    expect(profile.PayloadType).toBe('Configuration');
    const [payload] = profile.PayloadContent as Record<string, unknown>[];
    expect(payload!.PayloadType).toBe(POLICY_PRODUCT.macDomain);
    const values = Object.fromEntries(Object.entries(payload!).filter(([k]) => !k.startsWith('Payload')));
    expect(values).toEqual(sampleValues());
  });

  it('the JSON schema describes every policy and refuses unknown names', () => {
    const schema = generateJsonSchema() as { additionalProperties: boolean; properties: Record<string, Record<string, unknown>> };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(ALL_POLICIES.map((d) => d.name));
    expect(schema.properties.RetentionFailMode?.enum).toEqual(['fail-open-spooled', 'fail-closed']);
    expect(schema.properties.XmppPort).toMatchObject({ type: 'integer', minimum: 1, maximum: 65535, default: 5222 });
    expect(JSON.parse(templates.get('linux/sample-policy.json')!)).toEqual(sampleValues());
  });

  it('the Markdown reference documents every policy', () => {
    const md = templates.get('policy-reference.md')!;
    for (const d of ALL_POLICIES) expect(md).toContain(`### ${d.name}\n`);
    expect(md).toContain('HKLM\\Software\\Policies\\ApprovedIM');
    expect(md).toContain('/etc/approved-im/policies/managed/*.json');
  });
});
