import { readFile } from 'node:fs/promises';
import type { PolicyLayer, PolicyLevel } from '../../../shared/policy/evaluate';

export class PolicyFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'PolicyFileError';
  }
}

/**
 * Parse the Linux managed JSON format: one object mapping policy names to values. Throws PolicyFileError
 * with a sentence naming the file and the problem. A UTF-8 byte-order mark is tolerated.
 */
export function parsePolicyJson(text: string, source: string, level: PolicyLevel = 'mandatory-machine'): PolicyLayer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new PolicyFileError(source, `Policy file ${source} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PolicyFileError(source, `Policy file ${source} must contain one JSON object mapping policy names to values.`);
  }
  return { level, source, values: parsed as Record<string, unknown> };
}

/** Read one policy file in the Linux managed JSON format (no ownership check: see fileTrust.ts for that). */
export async function readPolicyFile(file: string, level: PolicyLevel = 'mandatory-machine'): Promise<PolicyLayer> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new PolicyFileError(file, `Cannot read policy file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return parsePolicyJson(text, file, level);
}
