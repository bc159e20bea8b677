/**
 * Local DLP engine (Policy 630-04: no sensitive or confidential information over IM). Pure TypeScript:
 * runs in main (authoritative, with RE2 for administrator patterns) and in the renderer (typing hints).
 *
 *   const engine = createDlpEngine(config, { compile: re2Compiler });   // throws DlpConfigError
 *   const decision = engine.decide(engine.scan(body));                  // block | warn | log | allow
 *   audit(auditFields(decision));                                       // never the matched values
 */
export { DLP_TYPES } from './types.js';
export type {
  BuiltinDlpType,
  DlpAction,
  DlpConfig,
  DlpDecision,
  DlpEngine,
  DlpEngineOptions,
  DlpFinding,
  DlpKeywordList,
  DlpPattern,
  DlpType,
  RegexCompiler,
  RegexLike,
  RegexMatchLike,
} from './types.js';
export { createDlpEngine, DEFAULT_ACTIONS, DEFAULT_MIN_CONFIDENCE } from './engine.js';
export { auditFields, isValidJustification, maskText } from './mask.js';
export { DlpConfigError } from './errors.js';
export { dlpConfigFromPolicy, dlpConfigSchema, dlpPolicySchemas, DLP_POLICY_NAMES } from './config.js';
export { DEFAULT_CLASSIFICATION_MARKINGS } from './detectors/classification.js';
export { checkPattern, compileLinear } from './regex/index.js';
