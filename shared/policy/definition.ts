import type { z } from 'zod';

/** Where a policy may be set: `machine` only for the whole computer; `user` per machine or per user. */
export type PolicyScope = 'machine' | 'user';

/**
 * The value type, which decides how each OS stores it:
 *
 * | kind        | Windows registry                          | macOS plist        | JSON            |
 * |-------------|-------------------------------------------|--------------------|-----------------|
 * | string      | REG_SZ (REG_EXPAND_SZ, REG_MULTI_SZ read) | string             | string          |
 * | enum        | REG_SZ                                    | string             | string          |
 * | integer     | REG_DWORD (REG_QWORD read)                | integer            | number          |
 * | number      | REG_SZ decimal text (DWORD/QWORD read)    | real or integer    | number          |
 * | boolean     | REG_DWORD 0/1                             | true/false         | boolean         |
 * | string-list | subkey <Name> with values "1", "2", …     | array of strings   | array of string |
 * | json        | REG_SZ holding JSON text                  | dict/array         | object / array  |
 */
export type PolicyKind = 'string' | 'integer' | 'number' | 'boolean' | 'string-list' | 'enum' | 'json';

/**
 * - `optional`: a missing value means the default.
 * - `required`: a missing value stops the client (configuration error).
 * - `required-when-packaged`: required in packaged builds; in development builds (web host, unpackaged
 *   Electron) a missing value is a visible warning instead.
 */
export type PolicyRequirement = 'optional' | 'required' | 'required-when-packaged';

export const POLICY_CATEGORIES = {
  Server: 'XMPP server',
  Messaging: 'Contacts and messaging',
  SignIn: 'Sign-in and session',
  RecordsNotice: 'Records notice',
  Retention: 'Retention and audit',
  Dlp: 'Data loss prevention',
  Management: 'Policy management and diagnostics',
} as const;
export type PolicyCategory = keyof typeof POLICY_CATEGORIES;

export interface PolicyDefinition<S extends z.ZodType = z.ZodType> {
  /** PascalCase; the registry value name, plist key and JSON key. Never renamed once published. */
  name: string;
  /** Short caption for the Group Policy editor and the policy page. */
  title: string;
  kind: PolicyKind;
  /** Validation of the typed value (after OS-specific decoding). */
  schema: S;
  default: z.infer<S>;
  /** A valid value used in the sample policy files and the reference. */
  example: z.infer<S>;
  description: string;
  category: PolicyCategory;
  scope: PolicyScope;
  /** Applies without a restart when changed; otherwise the page shows "restart required". */
  runtime: boolean;
  /** An invalid value (and, when required, a missing one) stops the client instead of falling back. */
  securityCritical: boolean;
  /** Masked on screen and in exports. */
  sensitive: boolean;
  required?: PolicyRequirement;
  /** For documentation: a condition under which an otherwise optional policy is required (checked in evaluate.ts). */
  requiredWhen?: string;
  /** The user may choose a value in the client's settings when no policy sets it. */
  userSettable?: boolean;
  /** string kind: offered as multi-line text (ADMX multiText, REG_MULTI_SZ joined with line breaks). */
  multiline?: boolean;
  /** string kind: environment variables such as %ProgramData% are expanded (ADMX expandable, REG_EXPAND_SZ). */
  expandable?: boolean;
  /** string/json kinds: longest accepted text (ADMX maxLength). */
  maxLength?: number;
  /** integer and number kinds: the accepted range (ADMX decimal/longDecimal bounds for integers). */
  min?: number;
  max?: number;
  /** enum kind: the allowed values. */
  values?: readonly string[];
  /** Product version that introduced the policy (ADMX supportedOn). */
  since: string;
}

/** Identity helper that keeps the literal policy name and the value type for `PolicyValues`. */
export function def<const N extends string, S extends z.ZodType>(d: PolicyDefinition<S> & { name: N }): PolicyDefinition<S> & { name: N } {
  return d;
}
