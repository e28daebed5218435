// The facts of the incident report: the owner lookup, then what CloudTrail, IAM and S3 say about
// each exposed key and repository (incident/gather.ts). Loads the AWS SDK: import it lazily.
import type { OwnerLookupOptions } from '../aws/key-owner.js';
import { gatherIncident, type IncidentData } from '../incident/gather.js';
import type { Finding } from '../types.js';
import { lookupOwners } from './aws-owners.js';
import { keyIdOf } from './key-id-of.js';

/** Everything the incident report tells about `findings`, the lookup's problems first. */
export async function incidentFacts(findings: Finding[], options: OwnerLookupOptions): Promise<IncidentData> {
  const { allProblems, owners, accounts } = await lookupOwners(findings, options);
  const data = await gatherIncident(findings, { owners, accounts, options, keyIdOf });
  data.problems.unshift(...allProblems);
  return data;
}
