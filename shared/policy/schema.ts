import { z } from 'zod';

/**
 * The one declarative definition of every group policy. Templates (ADMX/ADML, mobileconfig, JSON schema,
 * Markdown), the readers in main, the policy page and `policy:check` are all derived from this list.
 */
export type PolicyScope = 'machine' | 'user';
export type PolicyKind = 'string' | 'integer' | 'boolean' | 'string-list' | 'enum' | 'json';

export interface PolicyDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  kind: PolicyKind;
  schema: S;
  default: z.infer<S>;
  description: string;
  category: string;
  scope: PolicyScope;
  /** Applies without a restart when changed. */
  runtime: boolean;
  /** A missing or invalid value stops the client (fails closed). */
  securityCritical: boolean;
  /** Masked on screen and in exports. */
  sensitive: boolean;
  /** For enums: the allowed values. */
  values?: readonly string[];
}

function def<S extends z.ZodType>(d: PolicyDefinition<S>): PolicyDefinition<S> {
  return d;
}

const domainName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i, 'must be a DNS domain name');

export const POLICY_DEFINITIONS = [
  def({
    name: 'XmppDomain',
    kind: 'string',
    schema: domainName,
    default: '',
    description: 'The XMPP domain users sign in to (the part after @ in their address).',
    category: 'Server',
    scope: 'machine',
    runtime: false,
    securityCritical: true,
    sensitive: false,
  }),
  def({
    name: 'XmppHost',
    kind: 'string',
    schema: domainName,
    default: '',
    description: 'Host name of the XMPP server to connect to (STARTTLS on the client port).',
    category: 'Server',
    scope: 'machine',
    runtime: false,
    securityCritical: true,
    sensitive: false,
  }),
  def({
    name: 'XmppPort',
    kind: 'integer',
    schema: z.number().int().min(1).max(65535),
    default: 5222,
    description: 'TCP port of the XMPP server.',
    category: 'Server',
    scope: 'machine',
    runtime: false,
    securityCritical: true,
    sensitive: false,
  }),
  def({
    name: 'XmppCaCertificateFile',
    kind: 'string',
    schema: z.string().max(4096),
    default: '',
    description:
      'Path to a PEM file with the certificate authority that signs the XMPP server certificate, trusted in addition to the system store. Certificate verification is never turned off.',
    category: 'Server',
    scope: 'machine',
    runtime: false,
    securityCritical: true,
    sensitive: false,
  }),
] as const;

export type PolicyName = (typeof POLICY_DEFINITIONS)[number]['name'];
export type PolicyValues = {
  [D in (typeof POLICY_DEFINITIONS)[number] as D['name']]: z.infer<D['schema']>;
};

export const POLICY_BY_NAME: ReadonlyMap<string, PolicyDefinition> = new Map(
  POLICY_DEFINITIONS.map((d) => [d.name, d as PolicyDefinition]),
);
