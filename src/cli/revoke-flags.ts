// The flags of `credsweep revoke`, apart from the command so that revoke-reactivate.ts can take
// them without importing the command.
import type { AwsActionFlags } from './aws-flags.js';

export interface RevokeFlags extends AwsActionFlags {
  apply: boolean;
  delete: boolean;
  rotate: boolean;
  secretSink?: string;
  reactivate?: boolean | string[];
  key?: string[];
  auditLog?: string;
  json: boolean;
}
