import { generateAdml, generateAdmx } from './admx';
import { generateJsonSchema, sampleValues } from './jsonSchema';
import { generateMarkdown } from './markdown';
import { generateMobileconfig } from './mobileconfig';
import { toRegFile } from './reg';
import { POLICY_PRODUCT } from '../schema';

/** Template files relative to build/policy-templates/, as text. `.reg` files are written UTF-16LE with a BOM. */
export function generatePolicyTemplates(): Map<string, string> {
  const sample = sampleValues();
  const base = POLICY_PRODUCT.admxFile;
  return new Map([
    [`windows/${base}.admx`, generateAdmx()],
    [`windows/en-US/${base}.adml`, generateAdml()],
    [`windows/sample-policy.reg`, toRegFile(sample)],
    [`macos/${POLICY_PRODUCT.macDomain}.mobileconfig`, generateMobileconfig(sample)],
    [`linux/policy.schema.json`, JSON.stringify(generateJsonSchema(), null, 2) + '\n'],
    [`linux/sample-policy.json`, JSON.stringify(sample, null, 2) + '\n'],
    [`policy-reference.md`, generateMarkdown()],
  ]);
}

/** Bytes of a template file as written to disk. */
export function templateBytes(path: string, text: string): Uint8Array {
  if (!path.endsWith('.reg')) return new TextEncoder().encode(text);
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + i * 2] = c & 0xff;
    out[3 + i * 2] = c >> 8;
  }
  return out;
}
