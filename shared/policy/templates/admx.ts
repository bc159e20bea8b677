import { ALL_POLICIES, POLICY_CATEGORIES, POLICY_PRODUCT, type PolicyCategory, type PolicyDefinition } from '../schema';
import { displayDefault } from '../evaluate';
import { xmlEscape } from './xml';

/**
 * ADMX and en-US ADML for the Windows Group Policy editor, after Chromium's template_writers and
 * VS Code's policyGenerator: one mandatory policy per definition under "Approved IM", and for
 * user-scope policies a recommended twin under "Approved IM - Recommended" writing below
 * ...\ApprovedIM\Recommended. Ids use letters, digits and _ only (a dot in an ADMX id breaks gpedit).
 */

const NS = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';
const ROOT = 'ApprovedIM';
const ROOT_RECOMMENDED = 'ApprovedIMRecommended';
/** REG_DWORD holds at most 2^32-1; larger ranges use longDecimal (REG_QWORD). */
export const DWORD_MAX = 0xffff_ffff;

export function admxId(text: string): string {
  return text.replace(/[^A-Za-z0-9_]/g, '_');
}
export function supportedOnId(since: string): string {
  return `SUPPORTED_${ROOT}_${admxId(since)}`;
}
const itemStringId = (def: PolicyDefinition, value: string) => `${def.name}_Item_${admxId(value)}`;

interface Variant {
  def: PolicyDefinition;
  recommended: boolean;
  /** Policy name, element id and presentation id. */
  id: string;
  key: string;
  category: string;
}

export function admxVariants(defs: readonly PolicyDefinition[] = ALL_POLICIES): Variant[] {
  const out: Variant[] = [];
  for (const def of defs) {
    out.push({ def, recommended: false, id: def.name, key: POLICY_PRODUCT.registryKey, category: `${ROOT}_${def.category}` });
  }
  for (const def of defs) {
    if (def.scope !== 'user') continue;
    out.push({
      def,
      recommended: true,
      id: `${def.name}_recommended`,
      key: `${POLICY_PRODUCT.registryKey}\\${POLICY_PRODUCT.registryRecommendedSubkey}`,
      category: `${ROOT_RECOMMENDED}_${def.category}`,
    });
  }
  return out;
}

function usedCategories(variants: readonly Variant[], recommended: boolean): PolicyCategory[] {
  const used = new Set(variants.filter((v) => v.recommended === recommended).map((v) => v.def.category));
  return (Object.keys(POLICY_CATEGORIES) as PolicyCategory[]).filter((c) => used.has(c));
}

function element(v: Variant): string | null {
  const { def, id } = v;
  const a = (name: string, value: string | number) => `${name}="${xmlEscape(String(value))}"`;
  switch (def.kind) {
    case 'boolean':
      return null;
    case 'integer': {
      const min = def.min ?? 0;
      const max = def.max ?? DWORD_MAX;
      if (min < 0) throw new Error(`${def.name}: ADMX numbers are unsigned; min must be >= 0`);
      const tag = max > DWORD_MAX ? 'longDecimal' : 'decimal';
      return `<${tag} ${a('id', id)} ${a('valueName', def.name)} ${a('minValue', min)} ${a('maxValue', max)} required="true"/>`;
    }
    case 'enum': {
      const items = (def.values ?? [])
        .map((value) => `<item displayName="$(string.${itemStringId(def, value)})"><value><string>${xmlEscape(value)}</string></value></item>`)
        .join('\n          ');
      return `<enum ${a('id', id)} ${a('valueName', def.name)} required="true">\n          ${items}\n        </enum>`;
    }
    case 'string-list':
      return `<list ${a('id', id)} ${a('key', `${v.key}\\${def.name}`)} valuePrefix=""/>`;
    case 'string':
      if (def.multiline) return `<multiText ${a('id', id)} ${a('valueName', def.name)} ${a('maxLength', def.maxLength ?? 10_000)} required="true"/>`;
      return `<text ${a('id', id)} ${a('valueName', def.name)} ${a('maxLength', def.maxLength ?? 1023)} required="true"${def.expandable ? ' expandable="true"' : ''}/>`;
    case 'json':
      return `<text ${a('id', id)} ${a('valueName', def.name)} ${a('maxLength', def.maxLength ?? 1_000_000)} required="true"/>`;
    case 'number':
      return `<text ${a('id', id)} ${a('valueName', def.name)} maxLength="32" required="true"/>`;
  }
}

function policyXml(v: Variant): string {
  const { def } = v;
  const el = element(v);
  const cls = def.scope === 'machine' && !v.recommended ? 'Machine' : 'Both';
  const attrs = [
    `name="${v.id}"`,
    `class="${cls}"`,
    `displayName="$(string.${def.name})"`,
    `explainText="$(string.${def.name}_Explain)"`,
    ...(el ? [`presentation="$(presentation.${v.id})"`] : []),
    `key="${xmlEscape(v.key)}"`,
    ...(def.kind === 'boolean' ? [`valueName="${def.name}"`] : []),
  ];
  const body = [`<parentCategory ref="${v.category}"/>`, `<supportedOn ref="${supportedOnId(def.since)}"/>`];
  if (def.kind === 'boolean') {
    body.push('<enabledValue><decimal value="1"/></enabledValue>', '<disabledValue><decimal value="0"/></disabledValue>');
  } else if (el) {
    body.push(`<elements>\n        ${el}\n      </elements>`);
  }
  return `    <policy ${attrs.join(' ')}>\n${body.map((b) => `      ${b}`).join('\n')}\n    </policy>`;
}

export function generateAdmx(defs: readonly PolicyDefinition[] = ALL_POLICIES): string {
  const variants = admxVariants(defs);
  const sinces = [...new Set(defs.map((d) => d.since))];
  const cat = (name: string, parent?: string) =>
    parent
      ? `    <category name="${name}" displayName="$(string.${name})">\n      <parentCategory ref="${parent}"/>\n    </category>`
      : `    <category name="${name}" displayName="$(string.${name})"/>`;
  const recommendedCategories = usedCategories(variants, true);
  const categories = [
    cat(ROOT),
    ...usedCategories(variants, false).map((c) => cat(`${ROOT}_${c}`, ROOT)),
    ...(recommendedCategories.length ? [cat(ROOT_RECOMMENDED), ...recommendedCategories.map((c) => cat(`${ROOT_RECOMMENDED}_${c}`, ROOT_RECOMMENDED))] : []),
  ];
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<!-- Generated by `npm run policy:templates` from shared/policy/schema.ts. Do not edit. -->',
    `<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="${NS}">`,
    '  <policyNamespaces>',
    `    <target prefix="${POLICY_PRODUCT.admxPrefix}" namespace="${POLICY_PRODUCT.admxNamespace}"/>`,
    '    <using prefix="windows" namespace="Microsoft.Policies.Windows"/>',
    '  </policyNamespaces>',
    '  <resources minRequiredRevision="1.0"/>',
    '  <supportedOn>',
    '    <definitions>',
    ...sinces.map((s) => `      <definition name="${supportedOnId(s)}" displayName="$(string.${supportedOnId(s)})"/>`),
    '    </definitions>',
    '  </supportedOn>',
    '  <categories>',
    ...categories,
    '  </categories>',
    '  <policies>',
    ...variants.map(policyXml),
    '  </policies>',
    '</policyDefinitions>',
    '',
  ].join('\n');
}

/** The explain text: the description, then the facts an administrator needs. */
export function explainText(def: PolicyDefinition): string {
  const facts = [
    `Type: ${def.kind}${def.kind === 'enum' ? ` (${(def.values ?? []).join(', ')})` : ''}${def.kind === 'integer' || def.kind === 'number' ? ` (${def.min ?? 0}-${def.max ?? DWORD_MAX})` : ''}.`,
    `Default: ${displayDefault(def)}.`,
    def.scope === 'machine' ? 'Machine policy only (values set per user are ignored).' : 'May be set per machine or per user; the machine value wins.',
    def.required === 'required' ? 'Required: the client does not start without it.' : '',
    def.required === 'required-when-packaged' ? 'Required in packaged builds: the client does not start without it.' : '',
    def.requiredWhen ? `Required when ${def.requiredWhen}.` : '',
    def.securityCritical ? 'Security-critical: an invalid value stops the client with a configuration error.' : 'An invalid value is ignored with a warning and the default is used.',
    def.runtime ? 'Applies without restarting the client.' : 'Applies after the client is restarted.',
    def.kind === 'json' ? 'Enter the value as JSON text on one line.' : '',
    def.kind === 'number' ? 'Enter the number as text, with a dot as the decimal separator.' : '',
    def.kind === 'string-list' ? 'Enter one entry per line.' : '',
  ].filter(Boolean);
  return `${def.description}\n\n${facts.join('\n')}`;
}

export function generateAdml(defs: readonly PolicyDefinition[] = ALL_POLICIES): string {
  const variants = admxVariants(defs);
  const str = (id: string, text: string) => `      <string id="${id}">${xmlEscape(text)}</string>`;
  const strings = [
    str(ROOT, POLICY_PRODUCT.name),
    str(ROOT_RECOMMENDED, `${POLICY_PRODUCT.name} - Recommended (user-level mandatory policy overrides)`),
    ...[...new Set(defs.map((d) => d.since))].map((s) => str(supportedOnId(s), `${POLICY_PRODUCT.name} ${s} and later`)),
    ...(Object.keys(POLICY_CATEGORIES) as PolicyCategory[]).flatMap((c) => [
      str(`${ROOT}_${c}`, POLICY_CATEGORIES[c]),
      str(`${ROOT_RECOMMENDED}_${c}`, POLICY_CATEGORIES[c]),
    ]),
    ...defs.flatMap((d) => [
      str(d.name, d.title),
      str(`${d.name}_Explain`, explainText(d)),
      ...(d.values ?? []).map((value) => str(itemStringId(d, value), value)),
    ]),
  ];
  const presentations = variants.flatMap((v) => {
    const { def, id } = v;
    const label = xmlEscape(def.title);
    const wrap = (inner: string) => [`      <presentation id="${id}">`, `        ${inner}`, '      </presentation>'];
    switch (def.kind) {
      case 'boolean':
        return [];
      case 'integer':
        return wrap(`<decimalTextBox refId="${id}" defaultValue="${Number(def.default)}">${label}</decimalTextBox>`);
      case 'enum':
        return wrap(`<dropdownList refId="${id}" noSort="true" defaultItem="${Math.max(0, (def.values ?? []).indexOf(String(def.default)))}">${label}</dropdownList>`);
      case 'string-list':
        return wrap(`<listBox refId="${id}">${label}</listBox>`);
      case 'string':
        if (def.multiline) return wrap(`<multiTextBox refId="${id}">${label}</multiTextBox>`);
        return wrap(
          `<textBox refId="${id}"><label>${label}</label>${def.default !== '' ? `<defaultValue>${xmlEscape(String(def.default))}</defaultValue>` : ''}</textBox>`,
        );
      case 'json':
        return wrap(`<textBox refId="${id}"><label>${label} (JSON)</label></textBox>`);
      case 'number':
        return wrap(`<textBox refId="${id}"><label>${label}</label><defaultValue>${xmlEscape(String(def.default))}</defaultValue></textBox>`);
    }
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<!-- Generated by `npm run policy:templates` from shared/policy/schema.ts. Do not edit. -->',
    `<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="${NS}">`,
    `  <displayName>${xmlEscape(POLICY_PRODUCT.name)}</displayName>`,
    `  <description>${xmlEscape(`Group policy settings for ${POLICY_PRODUCT.name}`)}</description>`,
    '  <resources>',
    '    <stringTable>',
    ...strings,
    '    </stringTable>',
    '    <presentationTable>',
    ...presentations,
    '    </presentationTable>',
    '  </resources>',
    '</policyDefinitionResources>',
    '',
  ].join('\n');
}
