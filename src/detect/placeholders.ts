// Values that stand for a secret without being one, whatever rule captured them: documentation
// stand-ins, template references and published example keys. A match whose secret is one is
// dropped and counted as suppressed (the summary says how many), for every rule, so each rule's
// own allow list only needs what is particular to its format.

// The whole value is a word that documentation and API references put where a secret goes
// (`'Password': 'string'` in every AWS SDK reference), or a default nobody should ship.
const WORDS =
  /^(?:string|changeme|change[-_]?me|changeit|replaceme|replace[-_]?me|placeholder|redacted|example|sample|dummy|secret|password|passwd|token|api[-_]?key|null|nil|none|undefined|todo|tbd)$/i;

// my_password, somepassword, yourSecretKey, mynewpassword: a name for the slot, not a value.
const NAMED_SLOT = /^(?:my|some|your)[-_]?(?:new|own|secret)?[-_]?(?:pass(?:word)?|secret|token|api[-_]?key|key)\d{0,3}$/i;

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

/** Whether `secret` is a stand-in rather than a credential. */
export function isPlaceholder(secret: string): boolean {
  for (const shape of SHAPES) if (shape.test(secret)) return true;
  return false;
}
