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

/** Read one policy file in the Linux managed JSON format: one object mapping policy names to values. */
export async function readPolicyFile(file: string, level: PolicyLevel = 'mandatory-machine'): Promise<PolicyLayer> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new PolicyFileError(file, `Cannot read policy file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new PolicyFileError(file, `Policy file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PolicyFileError(file, `Policy file ${file} must contain one JSON object mapping policy names to values.`);
  }
  return { level, source: file, values: parsed as Record<string, unknown> };
}
