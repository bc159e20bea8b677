import { createDlpEngine, dlpConfigFromPolicy, auditFields, isValidJustification, type DlpEngine, type DlpDecision } from '../../../shared/dlp';
import { compileRe2 } from './re2';
import { dlpTypePhrase } from '../../../shared/dlp/describe';
import type { PolicyProvider, SendGate } from '../ports';
import type { AuditSink } from '../audit';
import type { Logger } from '../log';

export function describeFindings(decision: DlpDecision): string {
  const names = [...new Set(decision.findings.map((f) => dlpTypePhrase(f.type)))];
  if (names.length <= 1) return names[0] ?? 'sensitive information';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * The authoritative DLP check (Policy 630-04: no sensitive or confidential information over IM), on the
 * exact text that will be sent. block refuses; warn needs a justification, which is recorded; log passes
 * and records the finding. Audit events carry type, rule and action, never the matched value.
 */
export function createDlpGate(opts: { policy: PolicyProvider; audit: AuditSink; log: Logger }): SendGate {
  let engine: DlpEngine | null = null;
  let engineHash = '';
  const current = (): DlpEngine => {
    const p = opts.policy.current();
    if (engine && engineHash === p.hash) return engine;
    const parsed = dlpConfigFromPolicy(p.values);
    // Invalid DLP policy is security-critical: the policy system already stops sign-in. If we still get
    // here, fail closed with the built-in defaults (the most protective configuration).
    engine = createDlpEngine('config' in parsed ? parsed.config : {}, { compile: compileRe2 });
    engineHash = p.hash;
    return engine;
  };

  return {
    async check({ to, body, justification }): ReturnType<SendGate['check']> {
      const e = current();
      const decision = e.decide(e.scan(body));
      if (decision.action === 'allow') return { action: 'allow' };
      const fields = auditFields(decision);
      const summary = { types: [...new Set(fields.map((f) => f.type))].join(','), rules: [...new Set(fields.map((f) => f.rule))].join(',') };
      const what = describeFindings(decision);
      if (decision.action === 'block') {
        opts.audit.record({ type: 'dlp-block', peer: to, action: 'block', ...summary });
        return {
          action: 'refuse',
          reason: `Not sent: the message appears to contain ${what}. Policy 630-04 does not allow sensitive or confidential information over IM. Remove it and send again.`,
        };
      }
      if (decision.action === 'warn') {
        if (!justification || !isValidJustification(justification)) {
          return {
            action: 'justify',
            reason: `The message appears to contain ${what}. Send it only if it is needed for State business, and say why: your justification is recorded.`,
            findings: decision.findings.map((f) => ({ type: f.type, start: f.start, end: f.end })),
          };
        }
        opts.audit.record({ type: 'dlp-override', peer: to, action: 'warn', ...summary });
        return { action: 'allow', meta: { dlpAction: 'warn', dlpTypes: summary.types, dlpRules: summary.rules, justification: justification.trim() } };
      }
      opts.audit.record({ type: 'dlp-log', peer: to, action: 'log', ...summary });
      return { action: 'allow', meta: { dlpAction: 'log', dlpTypes: summary.types, dlpRules: summary.rules } };
    },
  };
}
