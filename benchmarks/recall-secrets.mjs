// Made-up secrets in each vendor's real shape (prefix, alphabet, length, checksum) for the recall
// fixtures. Seeded, so `make-recall-fixtures.mjs` writes the same files on every run. Nothing here
// is a real credential, and no vendor's documented example value is used: those are allow-listed
// by the rules and would measure the allow list, not detection.
import { createHash } from 'node:crypto';
import { computeCrc32 } from '../dist/detect/crc32.js';
import { encodeBase62 } from '../dist/detect/validators.js';

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const HEX = '0123456789abcdef';
export const BASE62 = DIGITS + UPPER + LOWER;
export const BASE64 = `${UPPER}${LOWER}${DIGITS}+/`;
export const BASE64URL = `${UPPER}${LOWER}${DIGITS}-_`;
const BASE32_UPPER = `${UPPER}234567`;
// What `django.core.management.utils.get_random_secret_key` draws from.
const DJANGO = `${LOWER}${DIGITS}!@#$%^&*(-_=+)`;

/** A seeded stream of random characters (SHA-256 in counter mode; uniform by rejection). */
export function makeSecrets(seed) {
  let counter = 0;
  let pool = Buffer.alloc(0);
  const byte = () => {
    if (pool.length === 0) pool = createHash('sha256').update(`${seed}:${counter++}`).digest();
    const b = pool[0];
    pool = pool.subarray(1);
    return b;
  };
  const int = (n) => {
    const limit = 256 - (256 % n);
    for (;;) {
      const b = byte();
      if (b < limit) return b % n;
    }
  };
  const chars = (n, alphabet) => Array.from({ length: n }, () => alphabet[int(alphabet.length)]).join('');
  const digits = (n) => String(1 + int(9)) + chars(n - 1, DIGITS);
  // A strong human-chosen-looking password: letters and digits, plus symbols where the context
  // (a quoted string, not a URL) allows them. Always mixes classes so entropy gates see it as random.
  const password = (n = 18, symbols = '') => {
    const alphabet = BASE62 + symbols;
    let out = chars(n, alphabet);
    while (!/[A-Z]/.test(out) || !/[a-z]/.test(out) || !/[0-9]/.test(out)) out = chars(n, alphabet);
    return out;
  };
  const base64Bytes = (n) => Buffer.from(Array.from({ length: n }, () => byte())).toString('base64');
  const crcToken = (prefix) => {
    const body = chars(30, BASE62);
    return `${prefix}${body}${encodeBase62(computeCrc32(body), 6)}`;
  };
  const pemBody = (lead, bytes) => {
    const body = lead + base64Bytes(bytes).slice(lead.length);
    return body.match(/.{1,64}/g).join('\n');
  };
  const uuid = () => `${chars(8, HEX)}-${chars(4, HEX)}-4${chars(3, HEX)}-${'89ab'[int(4)]}${chars(3, HEX)}-${chars(12, HEX)}`;

  return {
    chars,
    digits,
    password,
    uuid,
    base64Bytes,
    pemBody,
    awsKeyId: (prefix = 'AKIA') => prefix + chars(16, BASE32_UPPER),
    awsSecret: () => {
      let s = chars(40, `${BASE62}/+`);
      while (!/[A-Z]/.test(s) || !/[a-z]/.test(s) || !/[0-9]/.test(s)) s = chars(40, `${BASE62}/+`);
      return s;
    },
    // STS session tokens are base64 of a binary blob whose first bytes encode "origin_ec".
    awsSessionToken: () => `IQoJb3JpZ2luX2VjE${chars(3, BASE62)}//////////wEa${base64Bytes(540).replace(/=+$/, '')}`,
    githubToken: (prefix = 'ghp_') => crcToken(prefix),
    githubFineGrained: () => `github_pat_11${chars(20, UPPER + DIGITS)}_${chars(59, BASE62)}`,
    npmToken: () => crcToken('npm_'),
    gitlabPat: () => `glpat-${chars(20, `${BASE62}-_`)}`,
    gitlabTrigger: () => `glptt-${chars(40, HEX)}`,
    slackBot: () => `xoxb-${digits(12)}-${digits(13)}-${chars(24, BASE62)}`,
    slackWebhook: () => `https://hooks.slack.com/services/T${chars(10, UPPER + DIGITS)}/B${chars(10, UPPER + DIGITS)}/${chars(24, BASE62)}`,
    stripeLive: (prefix = 'sk_live_') => `${prefix}51${chars(97, BASE62)}`,
    stripeWebhook: () => `whsec_${chars(32, BASE62)}`,
    sendgrid: () => `SG.${chars(22, BASE64URL)}.${chars(43, BASE64URL)}`,
    openaiProject: () => `sk-proj-${chars(74, BASE64URL)}T3BlbkFJ${chars(74, BASE64URL)}`,
    anthropic: () => `sk-ant-api03-${chars(93, BASE64URL)}AA`,
    huggingface: () => `hf_${chars(34, UPPER + LOWER)}`,
    googleApiKey: () => `AIza${chars(35, BASE64URL)}`,
    googleOauthSecret: () => `GOCSPX-${chars(28, BASE64URL)}`,
    twilioSid: (prefix) => prefix + chars(32, HEX),
    hex: (n) => chars(n, HEX),
    mailgun: () => `${chars(32, HEX)}-${chars(8, HEX)}-${chars(8, HEX)}`,
    mailchimp: () => `${chars(32, HEX)}-us${1 + int(20)}`,
    shopify: () => `shpat_${chars(32, HEX)}`,
    sentryDsn: () => `https://${chars(32, HEX)}@o${digits(6)}.ingest.us.sentry.io/${digits(7)}`,
    sentryUserToken: () => `sntryu_${chars(64, HEX)}`,
    dockerPat: () => `dckr_pat_${chars(27, `${BASE62}-_`)}`,
    sonar: () => `sqp_${chars(40, HEX)}`,
    digitalocean: () => `dop_v1_${chars(64, HEX)}`,
    heroku: () => `HRKU-AA${chars(58, `${BASE62}-_`)}`,
    cloudflare: () => chars(40, `${BASE62}-_`),
    pypi: (lead = 'AgEIcHlwaS5vcmc') => `pypi-${lead}${chars(150, BASE64URL)}`,
    djangoSecret: () => chars(50, DJANGO),
    azureStorageKey: () => base64Bytes(64),
    azureSasKey: () => base64Bytes(32),
    azureClientSecret: () => `${chars(3, BASE62)}8Q~${chars(34, `${BASE62}_.~-`)}`,
    // PKCS#1 RSA (2048-bit size), PKCS#8 and OpenSSH ed25519 bodies: the real leading bytes, random after.
    rsaPem: () => `-----BEGIN RSA PRIVATE KEY-----\n${pemBody('MIIEowIBAAKCAQEA', 1190)}\n-----END RSA PRIVATE KEY-----\n`,
    pkcs8Pem: () =>
      `-----BEGIN PRIVATE KEY-----\n${pemBody('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ', 1217)}\n-----END PRIVATE KEY-----\n`,
    certPem: () => `-----BEGIN CERTIFICATE-----\n${pemBody('MIIDBTCCAe2gAwIBAgII', 777)}\n-----END CERTIFICATE-----\n`,
    opensshEd25519: () =>
      `-----BEGIN OPENSSH PRIVATE KEY-----\n${pemBody('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACD', 300)}\n-----END OPENSSH PRIVATE KEY-----\n`,
    // A Kubernetes service-account token: a real JWT shape (JSON header and claims), random signature.
    serviceAccountJwt: () => {
      const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const header = enc({ alg: 'RS256', kid: chars(43, BASE64URL) });
      const claims = enc({
        iss: 'kubernetes/serviceaccount',
        'kubernetes.io/serviceaccount/namespace': 'ci',
        'kubernetes.io/serviceaccount/secret.name': `deployer-token-${chars(5, LOWER + DIGITS)}`,
        'kubernetes.io/serviceaccount/service-account.name': 'deployer',
        'kubernetes.io/serviceaccount/service-account.uid': uuid(),
        sub: 'system:serviceaccount:ci:deployer',
      });
      return `${header}.${claims}.${chars(342, BASE64URL)}`;
    },
  };
}
