// The form of a rule id, apart from the rule reader (which loads the YAML parser) so that the
// config reader can check disabledRules without paying for that parser at start-up.

/** Rule id format: `family.kebab-name`, lower case. */
export const RULE_ID_PATTERN = /^[a-z0-9]+(\.[a-z0-9-]+)+$/;
