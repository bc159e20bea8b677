/**
 * The SECRET rules as data: provider token formats (after gitleaks' rule set and GitHub's secret-scanning
 * patterns, written afresh), URLs and connection strings with credentials, and generic "name = value"
 * assignments with an entropy check; plus the documentation examples and placeholders that are not secrets.
 * Every regex has at most one quantifier per character class and no nested quantifiers.
 */
import { entropy } from '../checksums.js';
import { escapeRegex, isPlaceholder } from '../text.js';
import { type Anchor, awsSecretStarts, questionTildeStarts, schemeStarts, sigStarts, slackHookStarts, storageKeyStarts, teamsHookStarts } from './secretAnchors.js';

export interface SecretRule {
  id: string;
  re: RegExp;
  /** Literals of which at least one must occur for the rule to run. */
  pre: string[];
  /**
   * The regex itself requires one of `pre` (case-sensitively), so a search finds nothing without it and
   * the check is skipped: for a missing literal it would cost a second pass over the text.
   */
  implied?: true;
  conf: number;
  /** Capture group holding the secret itself; whole match when absent. */
  group?: number;
  check?: (value: string, match: RegExpExecArray, text: string) => number | false;
  /**
   * When set, `re` runs (sticky) only at the anchor's candidates instead of searching the whole text
   * (which it still does when the anchor finds no marks to go by).
   */
  anchor?: Anchor;
  /**
   * When set, `re` runs (sticky) at the word starts of a PhraseScanner (SECRET_SINKS), which the engine
   * shares with its other phrase searches: every match starts with one of these prefixes (any case),
   * at a word start (the regex checks its own boundary).
   */
  sinkPrefixes?: string[];
}

/** Values published in vendors' documentation. */
export const DOC_EXAMPLES = [
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c', // jwt.io sample signature
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'sk_test_BQokikJOvBiI2HlWgH4olfQ2',
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==', // Azurite dev key
];

/** ASCII letters of a literal in either case, as the `i` flag matches them (without `u`, only ASCII folds to ASCII). */
const anyCase = (word: string): string => word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);

/**
 * A value that is a documentation example or a placeholder. Once
 *   DOC_EXAMPLES.some(includes) || /EXAMPLE|example|(.)\1{5,}|[xX]{5,}|[*•]{3,}|<[^>]*>|\$\{|\{\{/ ||
 *   /your|placeholder|redacted|dummy|sample|changeme|insert/i
 * it is now one regex without the backreference (which kept the regex engine from skipping ahead; every
 * match is checked, so the per-call cost showed) plus a loop for runs of six equal characters.
 */
const FAKE_VALUE = new RegExp(
  [
    ...DOC_EXAMPLES.filter((d) => !d.includes('EXAMPLE')).map(escapeRegex),
    'EXAMPLE|example|[xX]{5}|[*•]{3}|<[^>]*>|\\$\\{|\\{\\{',
    ...['your', 'placeholder', 'redacted', 'dummy', 'sample', 'changeme', 'insert'].map(anyCase),
  ].join('|'),
);

export function looksFake(value: string): boolean {
  return FAKE_VALUE.test(value) || hasRunOf(value, 6);
}

/**
 * Whether `width` equal code units other than line terminators (what `(.)\1{width-1,}` matches) follow
 * one another: looks at the last character of each window first and steps back over equal ones, so it
 * reads a few characters per window.
 */
export function hasRunOf(text: string, width: number, start = 0, end = text.length): boolean {
  let i = start; // no run starts before i
  while (i + width <= end) {
    const p = i + width - 1;
    const c = text.charCodeAt(p);
    let k = p; // [k, p] are all c
    while (k > i && text.charCodeAt(k - 1) === c) k--;
    if (k === i && c !== 10 && c !== 13 && c !== 0x2028 && c !== 0x2029) return true;
    i = k === i ? p + 1 : k; // a run holding p starts at k or later; none ends at p with c a line break
  }
  return false;
}

/**
 * Whether `before` ends with a URL's query up to a parameter ("…://host/db?user=app&"): the last "://",
 * no white space after it, a '?' after it, and '?' or '&' last. Native searches only (it is asked for
 * every "password=" that is not in a connection string).
 */
function endsInUrlQuery(before: string): boolean {
  const last = before.charCodeAt(before.length - 1);
  if (last !== 38 && last !== 63) return false; // & ?
  const scheme = before.lastIndexOf('://');
  if (scheme < 1 || !/[A-Za-z0-9]/.test(before[scheme - 1]!)) return false;
  const rest = before.slice(scheme + 3);
  return rest.includes('?') && !/\s/.test(rest);
}

export const CONN_KEYS = /(?:Server|Data Source|Host|User ID|UID|User|Database|Initial Catalog|Provider|Driver|AccountName|Endpoint)\s{0,3}=/i;

export const RULES: SecretRule[] = [
  { id: 'secret.aws-access-key', re: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/, pre: ['AKIA', 'ASIA', 'ABIA', 'ACCA'], implied: true, sinkPrefixes: ['AKIA', 'ASIA', 'ABIA', 'ACCA'], conf: 0.95 },
  {
    id: 'secret.aws-secret-key',
    re: /(?:aws_?secret_?access_?key|secret_?access_?key|SecretAccessKey)["']?\s{0,3}[:=]\s{0,3}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/i,
    pre: ['ecret', 'ECRET'],
    anchor: awsSecretStarts,
    conf: 0.97,
    group: 1,
  },
  { id: 'secret.github-token', re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b/, pre: ['gh'], implied: true, sinkPrefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], conf: 0.98 },
  { id: 'secret.github-fine-grained-pat', re: /\bgithub_pat_[A-Za-z0-9_]{82}\b/, pre: ['github_pat_'], implied: true, sinkPrefixes: ['github_pat_'], conf: 0.98 },
  { id: 'secret.gitlab-pat', re: /\bglpat-[A-Za-z0-9_-]{20}\b/, pre: ['glpat-'], implied: true, sinkPrefixes: ['glpat-'], conf: 0.97 },
  { id: 'secret.slack-token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,200}/, pre: ['xox'], implied: true, sinkPrefixes: ['xoxa-', 'xoxb-', 'xoxp-', 'xoxo-', 'xoxs-', 'xoxr-'], conf: 0.95 },
  {
    id: 'secret.slack-webhook',
    re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9]{8,12}\/[A-Za-z0-9]{8,12}\/[A-Za-z0-9]{16,32}/,
    pre: ['hooks.slack.com'], implied: true,
    anchor: slackHookStarts,
    conf: 0.95,
  },
  {
    id: 'secret.teams-webhook',
    re: /https:\/\/[A-Za-z0-9-]{1,60}\.webhook\.office\.com\/webhookb2\/[A-Za-z0-9@/-]{40,300}/,
    pre: ['webhook.office.com'], implied: true,
    anchor: teamsHookStarts,
    conf: 0.9,
  },
  { id: 'secret.google-api-key', re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/, pre: ['AIza'], implied: true, sinkPrefixes: ['AIza'], conf: 0.95 },
  { id: 'secret.google-oauth-secret', re: /\bGOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/, pre: ['GOCSPX-'], implied: true, sinkPrefixes: ['GOCSPX-'], conf: 0.97 },
  {
    id: 'secret.stripe-key',
    re: /\b[sr]k_(live|test)_[A-Za-z0-9]{16,99}\b/,
    pre: ['k_live_', 'k_test_'], implied: true,
    sinkPrefixes: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'],
    conf: 0.96,
    check: (_v, m) => (m[1] === 'test' ? 0.75 : 0.96),
  },
  { id: 'secret.openai-key', re: /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}/, pre: ['sk-'], implied: true, sinkPrefixes: ['sk-'], conf: 0.95 },
  { id: 'secret.openai-key', re: /\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\b/, pre: ['T3BlbkFJ'], implied: true, sinkPrefixes: ['sk-'], conf: 0.97 },
  { id: 'secret.anthropic-key', re: /\bsk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{80,120}/, pre: ['sk-ant-'], implied: true, sinkPrefixes: ['sk-'], conf: 0.97 },
  // More provider formats from the gitleaks rule set and GitHub's secret-scanning partner patterns, as one
  // rule (the phrase scan takes at most 32 sinks): PyPI, Shopify, Databricks, DigitalOcean, HashiCorp
  // Vault, New Relic, Grafana, Linear, Heroku, Postman, Atlassian, Square, Doppler.
  {
    id: 'secret.provider-token',
    re: new RegExp(
      [
        String.raw`(?:pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,300})`,
        String.raw`(?:shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b)`,
        String.raw`(?:dapi[a-f0-9]{32}(?:-\d)?\b)`,
        String.raw`(?:do[opr]_v1_[a-f0-9]{64}\b)`,
        String.raw`(?:hv[sbr]\.[A-Za-z0-9_-]{24,200})`,
        String.raw`(?:NR(?:AK|II|JS)-[A-Za-z0-9]{27}\b)`,
        String.raw`(?:(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}={0,2})(?![A-Za-z0-9+/=_]))`,
        String.raw`(?:lin_api_[A-Za-z0-9]{40}\b)`,
        String.raw`(?:HRKU-[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}\b)`,
        String.raw`(?:PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}\b)`,
        String.raw`(?:ATATT3[A-Za-z0-9_=-]{150,250})`,
        String.raw`(?:(?:EAAA[A-Za-z0-9_-]{60}|sq0(?:atp|csp)-[A-Za-z0-9_-]{22,43})(?![A-Za-z0-9_-]))`,
        String.raw`(?:dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}\b)`,
        // Docker Hub, Hugging Face, RubyGems, Mailgun, GitLab trigger/deploy tokens, Slack app tokens, Sentry.
        String.raw`(?:dckr_(?:pat|oat)_[A-Za-z0-9_-]{27}(?![A-Za-z0-9_-]))`,
        String.raw`(?:(?:hf|api_org)_[A-Za-z]{34}\b)`,
        String.raw`(?:rubygems_[a-f0-9]{48}\b)`,
        String.raw`(?:key-[a-f0-9]{32}\b)`,
        String.raw`(?:gl(?:ptt-[a-f0-9]{40}|dt-[A-Za-z0-9_-]{20})(?![A-Za-z0-9_-]))`,
        String.raw`(?:xapp-\d-[A-Z0-9]{9,12}-\d{10,14}-[a-f0-9]{64}\b)`,
        String.raw`(?:sntry[su]_[A-Za-z0-9+/=_]{40,300})`,
      ]
        .join('|')
        .replace(/^/, String.raw`\b(?:`)
        .concat(')'),
    ),
    pre: ['ATATT3', 'EAAA', 'HRKU-', 'NRAK-', 'NRII-', 'NRJS-', 'PMAK-', 'dapi', 'doo_', 'dop_', 'dor_', 'dp.ct.', 'dp.pt.', 'dp.sa.', 'dp.st.', 'glc_', 'glsa_', 'hvb.', 'hvr.', 'hvs.', 'lin_api_', 'pypi-', 'shpat_', 'shpca_', 'shppa_', 'shpss_', 'sq0atp-', 'sq0csp-',
      'dckr_', 'hf_', 'api_org_', 'rubygems_', 'key-', 'glptt-', 'gldt-', 'xapp-', 'sntrys_', 'sntryu_'],
    implied: true,
    sinkPrefixes: ['pypi-', 'shpat_', 'shpca_', 'shppa_', 'shpss_', 'dapi', 'dop_', 'doo_', 'dor_', 'hvs.', 'hvb.', 'hvr.', 'NRAK-', 'NRII-', 'NRJS-', 'glsa_', 'glc_', 'lin_api_', 'HRKU-', 'PMAK-', 'ATATT3', 'EAAA', 'sq0atp-', 'sq0csp-', 'dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.',
      'dckr_', 'hf_', 'api_org_', 'rubygems_', 'key-', 'glptt-', 'gldt-', 'xapp-', 'sntrys_', 'sntryu_'],
    conf: 0.95,
  },
  { id: 'secret.mailchimp-key', re: /\b[0-9a-f]{32}-us\d{1,2}\b/, pre: ['-us'], conf: 0.9 },
  { id: 'secret.npm-token', re: /\bnpm_[A-Za-z0-9]{36}\b/, pre: ['npm_'], implied: true, sinkPrefixes: ['npm_'], conf: 0.95 },
  { id: 'secret.sendgrid-key', re: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/, pre: ['SG.'], implied: true, sinkPrefixes: ['SG.'], conf: 0.97 },
  { id: 'secret.twilio-api-key', re: /\bSK[0-9a-f]{32}\b/, pre: ['SK'], implied: true, sinkPrefixes: ['SK'], conf: 0.75 },
  {
    id: 'secret.jwt',
    re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/,
    pre: ['eyJ'], implied: true,
    sinkPrefixes: ['eyJ'],
    conf: 0.95,
  },
  {
    id: 'secret.azure-storage-key',
    re: /(?:AccountKey|SharedAccessKey)\s{0,3}=\s{0,3}([A-Za-z0-9+/]{40,100}={0,2})/,
    pre: ['AccountKey', 'SharedAccessKey'], implied: true,
    anchor: storageKeyStarts,
    conf: 0.97,
    group: 1,
  },
  {
    id: 'secret.azure-sas-token',
    re: /[?&]sig=([A-Za-z0-9%+/]{30,120}(?:%3D|=){0,2})/,
    pre: ['sig='], implied: true,
    anchor: sigStarts,
    conf: 0.9,
    group: 1,
    check: (_v, m, text) => (/[?&]s[vp]=/.test(text.slice(Math.max(0, m.index - 300), m.index + 300)) ? 0.9 : false),
  },
  {
    id: 'secret.azure-ad-client-secret',
    re: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/,
    pre: ['Q~'], implied: true,
    anchor: questionTildeStarts,
    conf: 0.9,
  },
  {
    id: 'secret.url-credentials',
    // user may be empty (redis://:pw@host); the password may contain '@', '#' or '?' (unencoded, as people paste them)
    re: /\b[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\/[^\s:@/?#]{0,64}:([^\s/]{1,128})@[A-Za-z0-9[.-]/,
    pre: ['://'], implied: true,
    anchor: schemeStarts,
    conf: 0.95,
    group: 1,
    check: (v) => (isPlaceholder(v) || /^(pass(word)?|pwd|secret|x+)$/i.test(v) ? false : 0.95),
  },
  {
    id: 'secret.connection-string-password',
    re: /(?<![A-Za-z0-9])(?:Password|Pwd)\s{0,3}=\s{0,3}([^;&'"\s]{3,128})/i,
    pre: ['=', '='], implied: true,
    sinkPrefixes: ['password', 'pwd'],
    conf: 0.95,
    group: 1,
    check: (v, m, text) => {
      // Only in "Key=Value;" connection strings (ADO.NET, ODBC, JDBC properties) or a URL's query
      // ("jdbc:postgresql://host/db?user=app&password=X"), not in .env files.
      const before = text.slice(Math.max(0, m.index - 200), m.index);
      if (isPlaceholder(v)) return false;
      return (CONN_KEYS.test(before) && /;\s{0,3}$/.test(before)) || endsInUrlQuery(before) ? 0.95 : false;
    },
  },
  {
    id: 'secret.curl-user',
    re: /\b(?:curl|wget|http)\b[^\n]{0,80}?\s(?:-u|--user)[\s=]{1,3}["']?[^\s:"']{0,64}:([^\s"']{3,128})/,
    pre: ['curl', 'wget', 'http '],
    sinkPrefixes: ['curl', 'wget', 'http'],
    conf: 0.9,
    group: 1,
    check: (v) => (isPlaceholder(v) || /^(pass(word)?|pwd|secret|\$\w+)$/i.test(v) ? false : 0.9),
  },
  {
    id: 'secret.basic-auth',
    re: /\bAuthorization:?\s{0,3}Basic\s{1,3}([A-Za-z0-9+/]{8,300}={0,2})/i,
    pre: ['asic'],
    sinkPrefixes: ['authorization'],
    conf: 0.92,
    group: 1,
  },
  {
    id: 'secret.bearer-token',
    re: /\bBearer\s{1,3}([A-Za-z0-9._~+/-]{20,2000}={0,2})/,
    pre: ['Bearer'], implied: true,
    sinkPrefixes: ['bearer'],
    conf: 0.9,
    group: 1,
    check: (v) => (hasDigitAndLetter(v) && entropy(v) >= 3.5 ? 0.9 : false),
  },
  {
    id: 'secret.generic-assignment',
    // "api_key: X", "client_secret=X", "the access_token we got back: X", "token is X"
    re: /(?<![A-Za-z0-9])(?:api[_ -]?key|apikey|api[_-]?secret|api[_-]?token|client[_-]?secret|secret[_-]?key|access[_-]?token|auth[_-]?token|refresh[_-]?token|private[_-]?token|app[_-]?secret|consumer[_-]?secret|signing[_-]?key|encryption[_-]?key|secret|token|x-api-key)["']?(?:[^\n:=]{0,30}?[:=]|\s{1,3}is)\s{0,3}["']?([A-Za-z0-9_\-+/=.~]{16,256})/i,
    pre: ['=', ':', ' is', ' IS'],
    // Every alternative of the name starts with one of these (after a character that is not a letter or digit).
    sinkPrefixes: ['api', 'client', 'secret', 'access', 'auth', 'refresh', 'private', 'app', 'consumer', 'signing', 'encryption', 'token', 'x-api-key'],
    conf: 0.88,
    group: 1,
    // (Words joined by [._-] are refused too: they hold no digit.)
    check: (v, m, text) => (hasDigitAndLetter(v) && !/^(?:https?|ftp)/i.test(v) && !isRequestToken(m, text) && entropy(v) >= 3.3 ? 0.88 : false),
  },
  {
    id: 'secret.generic-assignment',
    // Framework secret keys hold punctuation ("SECRET_KEY = 'jq#s^BOp...'", Django's 50 characters of
    // letters, digits and !@#$%^&*(-_=+)): any printable value, when it is random enough.
    re: /(?<![A-Za-z0-9])(?:secret[_-]?key|signing[_-]?key|app[_-]?secret|jwt[_-]?secret)["']?\s{0,3}[:=]\s{0,3}["']?([!-&(-~]{20,128})/i,
    pre: ['=', ':'],
    sinkPrefixes: ['secret', 'signing', 'app', 'jwt'],
    conf: 0.88,
    group: 1,
    check: (v) => (hasDigitAndLetter(v) && /[^A-Za-z0-9]/.test(v) && entropy(v) >= 4 ? 0.88 : false),
  },
  {
    id: 'secret.named-value',
    // "the twilio auth token 730dfa7b...": a compound name, spaces, then a long random value (no ':', '='
    // or "is" between them, so the value must look random on its own).
    re: /(?<![A-Za-z0-9])(?:api[ _-]?key|api[ _-]?token|api[ _-]?secret|auth[ _-]?token|access[ _-]?token|access[ _-]?key|secret[ _-]?key|client[ _-]?secret|refresh[ _-]?token)\s{1,3}([A-Za-z0-9_\-+/=.~]{20,256})(?![A-Za-z0-9_\-+/=.~])/i,
    pre: [' ', '\t'],
    sinkPrefixes: ['api', 'auth', 'access', 'secret', 'client', 'refresh'],
    conf: 0.85,
    group: 1,
    check: (v) => (hasDigitAndLetter(v) && !/^(?:https?|ftp)/i.test(v) && entropy(v) >= 3.5 ? 0.85 : false),
  },
  {
    id: 'secret.named-value',
    // "... with secret JnXD+cT...": a bare "secret" or "token" is followed by many things (hashes, ids), so
    // only a value that mixes upper case, lower case and digits counts.
    re: /(?<![A-Za-z0-9])(?:secret|token)\s{1,3}([A-Za-z0-9_\-+/=.~]{20,256})(?![A-Za-z0-9_\-+/=.~])/i,
    pre: [' ', '\t'],
    sinkPrefixes: ['secret', 'token'],
    conf: 0.85,
    group: 1,
    check: (v, m, text) =>
      ((/[a-z]/.test(v) && /[A-Z]/.test(v) && /\d/.test(v)) || (v.length >= 30 && pairedWithKeyId(m, text))) && !/^(?:https?|ftp)/i.test(v) && entropy(v) >= 3.5 ? 0.85 : false,
  },
];

/**
 * "AKIA… / secret +eakv…", "api key SK61ef… secret 4ad5…": a bare "secret" shortly after a key id on the
 * same line is the other half of the pair, whatever its alphabet (AWS secrets may hold no digit, Twilio's
 * are lower-case hex).
 */
const KEY_ID_BEFORE = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b|\b(?:SK|AC)[0-9a-f]{32}\b|\b(?:api|access|client)[ _-]?(?:key|id)\b|\bkey[ _-]?id\b/i;
export function pairedWithKeyId(m: RegExpExecArray, text: string): boolean {
  const before = text.slice(Math.max(0, m.index - 120), m.index);
  return KEY_ID_BEFORE.test(before.slice(before.lastIndexOf('\n') + 1));
}

/** A form's anti-forgery token or a nonce (csrf_token, X-CSRF-Token, __RequestVerificationToken): not a credential. */
export function isRequestToken(m: RegExpExecArray, text: string): boolean {
  return /(?:csrf|xsrf|verification|nonce|state)[_-]?$/i.test(text.slice(Math.max(0, m.index - 16), m.index + (m[0].search(/token/i) >= 0 ? m[0].search(/token/i) : 0)));
}

/**
 * Whether the value holds an ASCII digit and an ASCII letter: two regex searches, which skip through a
 * long value faster than a loop would (a value of letters only has no digit to stop at).
 */
export const hasDigitAndLetter = (v: string): boolean => /\d/.test(v) && /[A-Za-z]/.test(v);

export const sticky = (re: RegExp): RegExp => new RegExp(re.source, `${re.flags.replace(/[gy]/g, '')}y`);
