/** The journal's settings, from the effective policy. */
import type { PolicyValues } from '../../../shared/policy/schema';

export type FailMode = 'fail-open-spooled' | 'fail-closed';

export interface JournalConfig {
  url: string;
  token: string;
  failMode: FailMode;
  maxBacklogAgeMinutes: number;
  maxBacklogRecords: number;
  /** PEM file trusted in addition to the bundled roots (XmppCaCertificateFile). */
  caFile: string;
}

/** The journal settings from the effective policy values (typed; defaults come from the policy definitions). */
export function journalConfigFromPolicy(values: PolicyValues): JournalConfig {
  return {
    url: values.RetentionServerUrl ?? '',
    token: values.RetentionServerToken ?? '',
    failMode: values.RetentionFailMode,
    maxBacklogAgeMinutes: values.RetentionMaxBacklogAgeMinutes,
    maxBacklogRecords: values.RetentionMaxBacklogRecords,
    caFile: values.XmppCaCertificateFile ?? '',
  };
}
