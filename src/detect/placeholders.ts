// Values that stand for a secret without being one, whatever rule captured them: documentation
// stand-ins, template references and published example keys. A match whose secret is one is
// dropped and counted as suppressed (the summary says how many), for every rule, so each rule's
// own allow list only needs what is particular to its format.

// The whole value is a word that documentation and API references put where a secret goes
// (`'Password': 'string'` in every AWS SDK reference), or a default nobody should ship.
const WORDS =
  /^(?:string|changeme|change[-_]?me|changeit|replaceme|replace[-_]?me|placeholder|redacted|example|sample|dummy|secret|password|passwd|token|api[-_]?key|null|nil|none|undefined|todo|tbd)$/i;

// my_password, somepassword, yourSecretKey, mysqlpassword: a name for the slot, not a value.
const NAMED_SLOT = /^(?:my|some|your)[-_]?[a-z]{0,8}?[-_]?(?:pass(?:word)?|secret|token|api[-_]?key|key)\d{0,3}$/i;

const SHAPES: readonly RegExp[] = [
  WORDS,
  NAMED_SLOT,
  // <password>, <user:password>, <YOUR_TOKEN>: a slot to fill in.
  /^<[^<>]*>$/,
  // ${VAR}, $(cmd), {{ .Values.x }}, %TestPassword% (Windows and MSBuild variables), #{x}, @VAR@.
  /^\$\{[^{}]*\}$/,
  /^\$\([^()]*\)$/,
  /^\{\{.*\}\}$/,
  /^%[A-Za-z_][\w.-]*%$/,
  /^#\{[^{}]*\}$/,
  /^@[A-Za-z_][\w.-]*@$/,
  // xxxx and ****: masks and fill-ins.
  /x{4,}|X{4,}|\*{4,}/,
  // Documented example keys: AWS's end in EXAMPLE or EXAMPLEKEY; Firebase's SDK reference gives
  // AIzaSyDOCAbC123dEf456GhI789jKl012-MnO (and copies drop a character or the dash).
  /EXAMPLE(?:KEY)?$/,
  /^AIzaSyDOCAbC123dEf456GhI789jKl/,
];

// Short canonical base64 (a Kubernetes Secret's data value, a Basic credential) is checked again
// decoded: `bXlwYXNzd29yZA==` is my_password's stand-in in an example manifest.
const SHORT_BASE64 = /^(?:[A-Za-z0-9+/]{4}){1,16}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const PRINTABLE = /^[\x20-\x7e]+$/;

function matchesShape(value: string): boolean {
  for (const shape of SHAPES) if (shape.test(value)) return true;
  return false;
}

/** Whether `secret` is a stand-in rather than a credential, as it is or base64-decoded. */
export function isPlaceholder(secret: string): boolean {
  if (matchesShape(secret)) return true;
  if (!SHORT_BASE64.test(secret)) return false;
  const decoded = Buffer.from(secret, 'base64')
    .toString('latin1')
    .replace(/\r?\n$/, '');
  return PRINTABLE.test(decoded) && matchesShape(decoded);
}
