/**
 * SECRET and PRIVATE_KEY. Provider token formats are distinctive prefixes with fixed alphabets and lengths
 * (after gitleaks' rule set, written afresh); generic "key = value" assignments need an entropy check.
 * Every regex here has at most one quantifier per character class and no nested quantifiers, and is only
 * run when its literal prefix occurs in the text.
 */
import { entropy } from '../checksums.js';
import { escapeRegex, isAlnumCode, isAsciiLetterCode, isPlaceholder } from '../text.js';
import { type PhraseHit, PhraseScanner, RegexSink } from '../trie.js';
import { clamp01, type ScanState } from './common.js';

/**
 * Where ':', '=' and "://" occur in the text, each found once per scan (on demand) and shared by the
 * rules whose matches hold one: a URL, a "name = value" or "name: value". ':' and '=' are rare in prose,
 * so a search for one skips far, unlike a search for the rules' names (their first letters are common)
 * or a regex over the whole text. Where they are not rare, the work per mark would cost more than a
 * regex search, so there are no marks (null).
 */
class Marks {
  private text = '';
  private colonsAt: number[] | null | undefined;
  private equalsAt: number[] | null | undefined;
  private urlsAt: number[] | undefined;
  begin(text: string): void {
    this.text = text;
    this.colonsAt = this.equalsAt = this.urlsAt = undefined;
  }
  /** Positions of ':'. */
  colons(): readonly number[] | null {
    if (this.colonsAt === undefined) this.colonsAt = rarePositionsOf(this.text, ':');
    return this.colonsAt;
  }
  /** Positions of '='. */
  equals(): readonly number[] | null {
    if (this.equalsAt === undefined) this.equalsAt = rarePositionsOf(this.text, '=');
    return this.equalsAt;
  }
  /** Positions of "://" (each one a candidate for the URL rules, however many): from the ':' when known. */
  urls(): readonly number[] {
    if (this.urlsAt) return this.urlsAt;
    const text = this.text;
    const colons = this.colons();
    if (colons) return (this.urlsAt = colons.filter((c) => text.startsWith('//', c + 1)));
    const at: number[] = [];
    for (let c = text.indexOf('://'); c >= 0; c = text.indexOf('://', c + 3)) at.push(c);
    return (this.urlsAt = at);
  }
}

/**
 * Positions of a character, or null once more than 256 of them come at more than one in 32 characters
 * (counted from the start of the text), so dense text is given up on early.
 */
function rarePositionsOf(text: string, ch: string): number[] | null {
  const at: number[] = [];
  for (let p = text.indexOf(ch); p >= 0; p = text.indexOf(ch, p + 1)) {
    if (at.length >= 256 && at.length * 32 > p) return null;
    at.push(p);
  }
  return at;
}

/**
 * Finds the positions where a rule's match may start (a superset, ascending), so its regex runs
 * anchored there instead of searching the whole text; null: search the whole text with the rule's regex.
 */
type Anchor = (text: string, marks: Marks) => number[] | null;

/** Sorts candidates that came out of order (several marks may point at the same start) and drops repeats. */
function ascending(starts: number[]): number[] {
  let sorted = true;
  for (let k = 1; k < starts.length && sorted; k++) sorted = starts[k - 1]! < starts[k]!;
  if (sorted) return starts;
  starts.sort((a, b) => a - b);
  return starts.filter((p, k) => k === 0 || p !== starts[k - 1]);
}

const isSchemeCode = (c: number): boolean => isAlnumCode(c) || c === 43 || c === 46 || c === 45; // [A-Za-z0-9+.-]
const isWordCode = (c: number): boolean => isAlnumCode(c) || c === 95;

/**
 * Starts of `\b[A-Za-z][A-Za-z0-9+.-]{1,20}://`: the scheme ends at a "://", so only the 21 characters
 * before each "://" are looked at.
 */
const schemeStarts: Anchor = (text, marks) => {
  const starts: number[] = [];
  for (const c of marks.urls()) {
    const lo = Math.max(0, c - 21);
    let q = c;
    while (q > lo && isSchemeCode(text.charCodeAt(q - 1))) q--;
    for (; q <= c - 2; q++) {
      // `\b` before a letter: the character before is not a word character.
      if (isAsciiLetterCode(text.charCodeAt(q)) && (q === 0 || !isWordCode(text.charCodeAt(q - 1)))) starts.push(q);
    }
  }
  return ascending(starts);
};

/** Whether "https" ends at `c` (read by character code: a call per URL showed on URL-dense text). */
const httpsBefore = (text: string, c: number): boolean =>
  text.charCodeAt(c - 1) === 115 && text.charCodeAt(c - 2) === 112 && text.charCodeAt(c - 3) === 116 && text.charCodeAt(c - 4) === 116 && text.charCodeAt(c - 5) === 104 && c >= 5;

/** Starts of "https://hooks.slack.com/": five characters before a "://". */
const slackHookStarts: Anchor = (text, marks) => {
  const starts: number[] = [];
  for (const c of marks.urls()) if (text.charCodeAt(c + 3) === 104 && httpsBefore(text, c) && text.startsWith('hooks.slack.com/', c + 3)) starts.push(c - 5);
  return starts;
};

/** Starts of `https://[A-Za-z0-9-]{1,60}\.webhook\.office\.com/`: five characters before a "://". */
const teamsHookStarts: Anchor = (text, marks) => {
  const starts: number[] = [];
  for (const c of marks.urls()) {
    if (!httpsBefore(text, c)) continue;
    let e = c + 3;
    while (e < c + 63 && (isAlnumCode(text.charCodeAt(e)) || text.charCodeAt(e) === 45)) e++;
    if (e > c + 3 && text.charCodeAt(e) === 46 && text.startsWith('.webhook.office.com/', e)) starts.push(c - 5);
  }
  return starts;
};

/**
 * Whether the code unit may stand between a name and its ':' or '=': a quote or `\s` (any non-ASCII
 * character, as `\s` holds some). Most marks are refused by the character before them.
 */
const mayPad = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 34 || c === 39 || c >= 128;

/** Starts of `(?:AccountKey|SharedAccessKey)\s{0,3}=`: the names ending up to 3 characters before a '='. */
const storageKeyStarts: Anchor = (text, marks) => {
  const equals = marks.equals();
  if (!equals) return null;
  const starts: number[] = [];
  for (const q of equals) {
    const before = text.charCodeAt(q - 1);
    if (before !== 121 && !mayPad(before)) continue; // y
    for (let e = Math.max(0, q - 3); e <= q; e++) {
      if (e >= 10 && text.startsWith('AccountKey', e - 10)) starts.push(e - 10);
      else if (e >= 15 && text.startsWith('SharedAccessKey', e - 15)) starts.push(e - 15);
    }
  }
  return ascending(starts);
};

/** Starts of `[?&]sig=`: four characters before a '='. */
const sigStarts: Anchor = (text, marks) => {
  const equals = marks.equals();
  if (!equals) return null;
  const starts: number[] = [];
  for (const q of equals) {
    const c = q >= 4 ? text.charCodeAt(q - 4) : 0;
    if ((c === 63 || c === 38) && text.startsWith('sig', q - 3)) starts.push(q - 4);
  }
  return starts;
};

const foldedIs = (c: number, lower: number): boolean => (c | 0x20) === lower;

/**
 * Starts of `(?:aws_?secret_?access_?key|secret_?access_?key|SecretAccessKey)["']?\s{0,3}[:=]` (any
 * case): a name of 15 to 21 characters, starting with 'a' or 's' and ending in "key", that ends up to
 * 4 characters before a ':' or '='.
 */
const awsSecretStarts: Anchor = (text, marks) => {
  const colons = marks.colons();
  const equals = colons && marks.equals();
  if (!colons || !equals) return null;
  const starts: number[] = [];
  const add = (q: number): void => {
    const before = text.charCodeAt(q - 1);
    if ((before | 0x20) !== 121 && !mayPad(before)) return; // y, Y
    for (let e = Math.max(3, q - 4); e <= q; e++) {
      if (!foldedIs(text.charCodeAt(e - 3), 107) || !foldedIs(text.charCodeAt(e - 2), 101) || !foldedIs(text.charCodeAt(e - 1), 121)) continue;
      for (let p = Math.max(0, e - 21); p <= e - 15; p++) {
        const c = text.charCodeAt(p) | 0x20;
        if (c === 97 || c === 115) starts.push(p); // a, s
      }
    }
  };
  for (const q of colons) add(q);
  for (const q of equals) add(q);
  return ascending(starts);
};

/** Starts of `[A-Za-z0-9_~.-]{3}\dQ~`: four characters before each "Q~" after a digit. */
const questionTildeStarts: Anchor = (text) => {
  const starts: number[] = [];
  for (let q = text.indexOf('Q~', 4); q >= 0; q = text.indexOf('Q~', q + 1)) {
    const d = text.charCodeAt(q - 1);
    if (d >= 48 && d <= 57) starts.push(q - 4);
  }
  return starts;
};

interface SecretRule {
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
const DOC_EXAMPLES = [
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
function hasRunOf(text: string, width: number, start = 0, end = text.length): boolean {
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

const CONN_KEYS = /(?:Server|Data Source|Host|User ID|UID|User|Database|Initial Catalog|Provider|Driver|AccountName|Endpoint)\s{0,3}=/i;

const RULES: SecretRule[] = [
  { id: 'secret.aws-access-key', re: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g, pre: ['AKIA', 'ASIA', 'ABIA', 'ACCA'], implied: true, sinkPrefixes: ['AKIA', 'ASIA', 'ABIA', 'ACCA'], conf: 0.95 },
  {
    id: 'secret.aws-secret-key',
    re: /(?:aws_?secret_?access_?key|secret_?access_?key|SecretAccessKey)["']?\s{0,3}[:=]\s{0,3}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    pre: ['ecret', 'ECRET'],
    anchor: awsSecretStarts,
    conf: 0.97,
    group: 1,
  },
  { id: 'secret.github-token', re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b/g, pre: ['gh'], implied: true, sinkPrefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], conf: 0.98 },
  { id: 'secret.github-fine-grained-pat', re: /\bgithub_pat_[A-Za-z0-9_]{82}\b/g, pre: ['github_pat_'], implied: true, sinkPrefixes: ['github_pat_'], conf: 0.98 },
  { id: 'secret.gitlab-pat', re: /\bglpat-[A-Za-z0-9_-]{20}\b/g, pre: ['glpat-'], implied: true, sinkPrefixes: ['glpat-'], conf: 0.97 },
  { id: 'secret.slack-token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,200}/g, pre: ['xox'], implied: true, sinkPrefixes: ['xoxa-', 'xoxb-', 'xoxp-', 'xoxo-', 'xoxs-', 'xoxr-'], conf: 0.95 },
  {
    id: 'secret.slack-webhook',
    re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9]{8,12}\/[A-Za-z0-9]{8,12}\/[A-Za-z0-9]{16,32}/g,
    pre: ['hooks.slack.com'], implied: true,
    anchor: slackHookStarts,
    conf: 0.95,
  },
  {
    id: 'secret.teams-webhook',
    re: /https:\/\/[A-Za-z0-9-]{1,60}\.webhook\.office\.com\/webhookb2\/[A-Za-z0-9@/-]{40,300}/g,
    pre: ['webhook.office.com'], implied: true,
    anchor: teamsHookStarts,
    conf: 0.9,
  },
  { id: 'secret.google-api-key', re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, pre: ['AIza'], implied: true, sinkPrefixes: ['AIza'], conf: 0.95 },
  { id: 'secret.google-oauth-secret', re: /\bGOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/g, pre: ['GOCSPX-'], implied: true, sinkPrefixes: ['GOCSPX-'], conf: 0.97 },
  {
    id: 'secret.stripe-key',
    re: /\b[sr]k_(live|test)_[A-Za-z0-9]{16,99}\b/g,
    pre: ['k_live_', 'k_test_'], implied: true,
    sinkPrefixes: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'],
    conf: 0.96,
    check: (_v, m) => (m[1] === 'test' ? 0.75 : 0.96),
  },
  { id: 'secret.openai-key', re: /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}/g, pre: ['sk-'], implied: true, sinkPrefixes: ['sk-'], conf: 0.95 },
  { id: 'secret.openai-key', re: /\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\b/g, pre: ['T3BlbkFJ'], implied: true, sinkPrefixes: ['sk-'], conf: 0.97 },
  { id: 'secret.anthropic-key', re: /\bsk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{80,120}/g, pre: ['sk-ant-'], implied: true, sinkPrefixes: ['sk-'], conf: 0.97 },
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
      ]
        .join('|')
        .replace(/^/, String.raw`\b(?:`)
        .concat(')'),
      'g',
    ),
    pre: ['ATATT3', 'EAAA', 'HRKU-', 'NRAK-', 'NRII-', 'NRJS-', 'PMAK-', 'dapi', 'doo_', 'dop_', 'dor_', 'dp.ct.', 'dp.pt.', 'dp.sa.', 'dp.st.', 'glc_', 'glsa_', 'hvb.', 'hvr.', 'hvs.', 'lin_api_', 'pypi-', 'shpat_', 'shpca_', 'shppa_', 'shpss_', 'sq0atp-', 'sq0csp-'],
    implied: true,
    sinkPrefixes: ['pypi-', 'shpat_', 'shpca_', 'shppa_', 'shpss_', 'dapi', 'dop_', 'doo_', 'dor_', 'hvs.', 'hvb.', 'hvr.', 'NRAK-', 'NRII-', 'NRJS-', 'glsa_', 'glc_', 'lin_api_', 'HRKU-', 'PMAK-', 'ATATT3', 'EAAA', 'sq0atp-', 'sq0csp-', 'dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.'],
    conf: 0.95,
  },
  { id: 'secret.mailchimp-key', re: /\b[0-9a-f]{32}-us\d{1,2}\b/g, pre: ['-us'], conf: 0.9 },
  { id: 'secret.npm-token', re: /\bnpm_[A-Za-z0-9]{36}\b/g, pre: ['npm_'], implied: true, sinkPrefixes: ['npm_'], conf: 0.95 },
  { id: 'secret.sendgrid-key', re: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, pre: ['SG.'], implied: true, sinkPrefixes: ['SG.'], conf: 0.97 },
  { id: 'secret.twilio-api-key', re: /\bSK[0-9a-f]{32}\b/g, pre: ['SK'], implied: true, sinkPrefixes: ['SK'], conf: 0.75 },
  {
    id: 'secret.jwt',
    re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g,
    pre: ['eyJ'], implied: true,
    sinkPrefixes: ['eyJ'],
    conf: 0.95,
  },
  {
    id: 'secret.azure-storage-key',
    re: /(?:AccountKey|SharedAccessKey)\s{0,3}=\s{0,3}([A-Za-z0-9+/]{40,100}={0,2})/g,
    pre: ['AccountKey', 'SharedAccessKey'], implied: true,
    anchor: storageKeyStarts,
    conf: 0.97,
    group: 1,
  },
  {
    id: 'secret.azure-sas-token',
    re: /[?&]sig=([A-Za-z0-9%+/]{30,120}(?:%3D|=){0,2})/g,
    pre: ['sig='], implied: true,
    anchor: sigStarts,
    conf: 0.9,
    group: 1,
    check: (_v, m, text) => (/[?&]s[vp]=/.test(text.slice(Math.max(0, m.index - 300), m.index + 300)) ? 0.9 : false),
  },
  {
    id: 'secret.azure-ad-client-secret',
    re: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
    pre: ['Q~'], implied: true,
    anchor: questionTildeStarts,
    conf: 0.9,
  },
  {
    id: 'secret.url-credentials',
    // user may be empty (redis://:pw@host); the password may contain '@', '#' or '?' (unencoded, as people paste them)
    re: /\b[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\/[^\s:@/?#]{0,64}:([^\s/]{1,128})@[A-Za-z0-9[.-]/g,
    pre: ['://'], implied: true,
    anchor: schemeStarts,
    conf: 0.95,
    group: 1,
    check: (v) => (isPlaceholder(v) || /^(pass(word)?|pwd|secret|x+)$/i.test(v) ? false : 0.95),
  },
  {
    id: 'secret.connection-string-password',
    re: /(?<![A-Za-z0-9])(?:Password|Pwd)\s{0,3}=\s{0,3}([^;'"\s]{3,128})/gi,
    pre: ['=', '='], implied: true,
    sinkPrefixes: ['password', 'pwd'],
    conf: 0.95,
    group: 1,
    check: (v, m, text) => {
      // Only in "Key=Value;" connection strings (ADO.NET, ODBC, JDBC properties), not in .env files.
      const before = text.slice(Math.max(0, m.index - 200), m.index);
      return !isPlaceholder(v) && CONN_KEYS.test(before) && /;\s{0,3}$/.test(before) ? 0.95 : false;
    },
  },
  {
    id: 'secret.curl-user',
    re: /\b(?:curl|wget|http)\b[^\n]{0,80}?\s(?:-u|--user)[\s=]{1,3}["']?[^\s:"']{0,64}:([^\s"']{3,128})/g,
    pre: ['curl', 'wget', 'http '],
    sinkPrefixes: ['curl', 'wget', 'http'],
    conf: 0.9,
    group: 1,
    check: (v) => (isPlaceholder(v) || /^(pass(word)?|pwd|secret|\$\w+)$/i.test(v) ? false : 0.9),
  },
  {
    id: 'secret.basic-auth',
    re: /\bAuthorization:?\s{0,3}Basic\s{1,3}([A-Za-z0-9+/]{8,300}={0,2})/gi,
    pre: ['asic'],
    sinkPrefixes: ['authorization'],
    conf: 0.92,
    group: 1,
  },
  {
    id: 'secret.bearer-token',
    re: /\bBearer\s{1,3}([A-Za-z0-9._~+/-]{20,2000}={0,2})/g,
    pre: ['Bearer'], implied: true,
    sinkPrefixes: ['bearer'],
    conf: 0.9,
    group: 1,
    check: (v) => (hasDigitAndLetter(v) && entropy(v) >= 3.5 ? 0.9 : false),
  },
  {
    id: 'secret.generic-assignment',
    // "api_key: X", "client_secret=X", "the access_token we got back: X", "token is X"
    re: /(?<![A-Za-z0-9])(?:api[_ -]?key|apikey|api[_-]?secret|api[_-]?token|client[_-]?secret|secret[_-]?key|access[_-]?token|auth[_-]?token|refresh[_-]?token|private[_-]?token|app[_-]?secret|consumer[_-]?secret|signing[_-]?key|encryption[_-]?key|secret|token|x-api-key)["']?(?:[^\n:=]{0,30}?[:=]|\s{1,3}is)\s{0,3}["']?([A-Za-z0-9_\-+/=.~]{16,256})/gi,
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
    re: /(?<![A-Za-z0-9])(?:secret[_-]?key|signing[_-]?key|app[_-]?secret|jwt[_-]?secret)["']?\s{0,3}[:=]\s{0,3}["']?([!-&(-~]{20,128})/gi,
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
    re: /(?<![A-Za-z0-9])(?:api[ _-]?key|api[ _-]?token|api[ _-]?secret|auth[ _-]?token|access[ _-]?token|access[ _-]?key|secret[ _-]?key|client[ _-]?secret|refresh[ _-]?token)\s{1,3}([A-Za-z0-9_\-+/=.~]{20,256})(?![A-Za-z0-9_\-+/=.~])/gi,
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
    re: /(?<![A-Za-z0-9])(?:secret|token)\s{1,3}([A-Za-z0-9_\-+/=.~]{20,256})(?![A-Za-z0-9_\-+/=.~])/gi,
    pre: [' ', '\t'],
    sinkPrefixes: ['secret', 'token'],
    conf: 0.85,
    group: 1,
    check: (v) => (/[a-z]/.test(v) && /[A-Z]/.test(v) && /\d/.test(v) && !/^(?:https?|ftp)/i.test(v) && entropy(v) >= 3.5 ? 0.85 : false),
  },
];

/** A form's anti-forgery token or a nonce (csrf_token, X-CSRF-Token, __RequestVerificationToken): not a credential. */
function isRequestToken(m: RegExpExecArray, text: string): boolean {
  return /(?:csrf|xsrf|verification|nonce|state)[_-]?$/i.test(text.slice(Math.max(0, m.index - 16), m.index + (m[0].search(/token/i) >= 0 ? m[0].search(/token/i) : 0)));
}

/**
 * Whether the value holds an ASCII digit and an ASCII letter: two regex searches, which skip through a
 * long value faster than a loop would (a value of letters only has no digit to stop at).
 */
const hasDigitAndLetter = (v: string): boolean => /\d/.test(v) && /[A-Za-z]/.test(v);

const sticky = (re: RegExp): RegExp => new RegExp(re.source, `${re.flags.replace('g', '')}y`);
/** Sticky copies of the anchored rules' regexes. */
const STICKY = new Map(RULES.filter((r) => r.anchor).map((r) => [r, sticky(r.re)]));

/**
 * The rules whose matches start at a word with a known prefix (a provider's literal, or a name such as
 * "api_key" or "Bearer") as PhraseScanner sinks: their matches are what a global search finds.
 */
const SINK_RULES = RULES.filter((r) => r.sinkPrefixes);
// A sink only sees word starts (see WordStarts): each such rule must itself require one.
for (const r of SINK_RULES) if (!/^(?:\\b|\(\?<!\[A-Za-z0-9\]\))/.test(r.re.source)) throw new Error(`${r.id} must start at a word boundary`);
export const SECRET_SINKS: readonly RegexSink[] = SINK_RULES.map((r) => new RegexSink(r.sinkPrefixes!, sticky(r.re)));
const SINKS_ALONE = new PhraseScanner(SECRET_SINKS);

/**
 * `sinkHits`: the matches of SECRET_SINKS (in that order) when already found (by the engine's shared
 * phrase scan).
 */
const MARKS = new Marks();

/**
 * Whether one of the rule's literals occurs in the text (when not implied by its regex). Asked only once
 * the rule has matches, and answered from the matches when one holds a literal: each literal costs a
 * pass over the text otherwise, and most texts have no match.
 */
function preFound(rule: SecretRule, text: string, matches: readonly RegExpExecArray[]): boolean {
  if (rule.implied) return true;
  for (const m of matches) if (rule.pre.some((p) => m[0].includes(p))) return true;
  return rule.pre.some((p) => text.includes(p));
}

/**
 * `sinkHits`: the matches of SECRET_SINKS (in that order) when already found (by the engine's shared
 * phrase scan).
 */
export function detectSecrets(s: ScanState, sinkHits?: readonly (readonly PhraseHit<unknown>[])[]): void {
  const text = s.text;
  let sinkFound = sinkHits;
  MARKS.begin(text);
  for (const rule of RULES) {
    const matches: RegExpExecArray[] = [];
    const starts = rule.anchor?.(text, MARKS);
    if (rule.sinkPrefixes) {
      sinkFound ??= SINKS_ALONE.findAll(text);
      for (const h of sinkFound[SINK_RULES.indexOf(rule)]!) matches.push(h.value as RegExpExecArray);
    } else if (starts) {
      const re = STICKY.get(rule)!;
      // What a search from the start finds: the first match at a candidate, then the first after it.
      let from = 0;
      for (const p of starts) {
        if (p < from) continue;
        re.lastIndex = p;
        const m = re.exec(text);
        if (m) {
          from = p + m[0].length;
          matches.push(m);
        }
      }
    } else {
      // A search over the whole text: its literals are looked for first (most texts have none).
      if (!preFound(rule, text, matches)) continue;
      rule.re.lastIndex = 0;
      for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) matches.push(m);
    }
    if (matches.length === 0 || !preFound(rule, text, matches)) continue;
    for (const m of matches) report(s, rule, m);
  }
  MARKS.begin('');
}

function report(s: ScanState, rule: SecretRule, m: RegExpExecArray): void {
  let start = m.index;
  let value = m[0];
  if (rule.group !== undefined) {
    const g = m[rule.group];
    if (g === undefined) return;
    // The group is the tail of the match for every rule that uses one, except url-credentials.
    const at = rule.id === 'secret.url-credentials' ? m[0].length - 2 - g.length : m[0].lastIndexOf(g);
    start = m.index + at;
    value = g;
  }
  if (looksFake(value)) return;
  const conf = rule.check ? rule.check(value, m, s.text) : rule.conf;
  if (conf === false) return;
  s.push({ type: 'SECRET', start, end: start + value.length, confidence: clamp01(conf), rule: rule.id });
}

/** The regexes above, for the linear-safety test. */
export const SECRET_REGEXES: readonly RegExp[] = RULES.map((r) => r.re);

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{0,40})PRIVATE KEY( BLOCK)?-----/y;
const PEM_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----/y;
/** [A-Za-z0-9+/=\\]: characters of a base64 body (also escaped newlines). */
const isB64LineCode = (c: number): boolean => isAlnumCode(c) || c === 43 || c === 47 || c === 61 || c === 92;
const FAKE_BODY = /EXAMPLE|\.\.\.|…|<[a-z -]+>/;

/**
 * Whether the body matches /(.)\1{15,}|EXAMPLE|\.\.\.|…|<[a-z -]+>/ (a placeholder, not a key): the
 * literals with a regex, the run of 16 equal characters (other than line terminators) with a loop that
 * looks at the last character of each 16-character window first.
 */
function looksLikeFakeBody(text: string, start: number, end: number): boolean {
  return FAKE_BODY.test(text.slice(start, end)) || hasRunOf(text, 16, start, end);
}
/** An 8192-bit RSA key in PEM is about 6.5 KB; leave room for headers and escaped newlines. */
const MAX_KEY_CHARS = 16_384;

/**
 * Where "-----BEGIN " and "-----END " occur, in one regex search: the regex engine skips ahead over
 * text without dashes (searching each marker on its own took two passes, and looking for five dashes
 * with a string search reads every dash on its own).
 */
const PEM_MARKER = /-----(?:BEGIN|END) /g;
function pemMarkers(text: string, begins: number[], ends: number[]): void {
  PEM_MARKER.lastIndex = 0;
  while (PEM_MARKER.test(text)) {
    const e = PEM_MARKER.lastIndex;
    if (text.charCodeAt(e - 6) === 66) begins.push(e - 11); // "BEGIN "
    else ends.push(e - 9);
  }
}

/**
 * "PuTTY-User-Key-File-": its first five characters are searched (a rare capital, a short search), the
 * whole literal once "PuTTY" turns out not to be rare.
 */
function puttyAt(text: string): number {
  let misses = 0;
  for (let q = text.indexOf('PuTTY'); q >= 0; q = text.indexOf('PuTTY', q + 5)) {
    if (text.startsWith('-User-Key-File-', q + 5)) return q;
    if (++misses === 16) return text.indexOf('PuTTY-User-Key-File-', q + 5);
  }
  return -1;
}

export function detectPrivateKeys(s: ScanState): void {
  const text = s.text;
  const begins: number[] = [];
  const ends: number[] = [];
  pemMarkers(text, begins, ends);
  let from = 0;
  // Cursors into begins and ends: the positions they are asked about only grow.
  let nb = 0;
  let ne = 0;
  for (let b = 0; ; ) {
    while (b < begins.length && begins[b]! < from) b++;
    if (b === begins.length) break;
    const at = begins[b]!;
    from = at + 11;
    PEM_BEGIN.lastIndex = at;
    const head = PEM_BEGIN.exec(text);
    if (!head) continue;
    const bodyStart = at + head[0].length;
    let end = -1;
    let endAt = -1;
    // The END must belong to this key: before the next BEGIN and within the size of a large key. The
    // ENDs looked at lie between this key's body and the next BEGIN, so each is looked at once.
    while (nb < begins.length && begins[nb]! < bodyStart) nb++;
    while (ne < ends.length && ends[ne]! < bodyStart) ne++;
    const limit = Math.min(nb === begins.length ? text.length : begins[nb]!, bodyStart + MAX_KEY_CHARS);
    for (let k = ne; k < ends.length && ends[k]! < limit; k++) {
      PEM_END.lastIndex = ends[k]!;
      const tail = PEM_END.exec(text);
      if (tail) {
        endAt = ends[k]!;
        end = endAt + tail[0].length;
        break;
      }
    }
    const bodyEnd = end >= 0 ? endAt : scanBase64Block(text, bodyStart);
    let b64 = 0;
    for (let i = bodyStart; i < bodyEnd && b64 < 64; i++) if (isB64LineCode(text.charCodeAt(i))) b64++;
    const fake = looksLikeFakeBody(text, bodyStart, bodyEnd);
    let conf = b64 >= 64 ? (end >= 0 ? 0.99 : 0.95) : 0.4;
    if (fake) conf = 0.3;
    s.push({ type: 'PRIVATE_KEY', start: at, end: end >= 0 ? end : bodyEnd, confidence: conf, rule: 'private-key.pem' });
    from = Math.max(from, end >= 0 ? end : bodyEnd);
  }
  const putty = puttyAt(text);
  if (putty >= 0) {
    const priv = text.indexOf('Private-Lines:', putty);
    if (priv >= 0) {
      const end = scanBase64Block(text, text.indexOf('\n', priv) + 1 || text.length);
      s.push({ type: 'PRIVATE_KEY', start: putty, end: Math.max(end, priv + 14), confidence: 0.97, rule: 'private-key.putty' });
    }
  }
}

/** End of a block of base64 lines starting at `from` (for keys pasted without their END line). */
function scanBase64Block(text: string, from: number): number {
  let i = from;
  let end = from;
  while (i < text.length) {
    let j = text.indexOf('\n', i);
    if (j < 0) j = text.length;
    const line = text.slice(i, j).trim();
    if (line.length > 0 && !/^[A-Za-z0-9+/=\\:-]+$/.test(line.replace(/\\n/g, ''))) break;
    if (line.length > 0) end = i + text.slice(i, j).trimEnd().length;
    i = j + 1;
  }
  return end;
}
