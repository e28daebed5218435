// Who may still pull a CodeCommit repository: every IAM user and role of its account for which
// IAM's own policy simulator allows codecommit:GitPull on it (identity policies, boundaries and
// SCPs as IAM evaluates them). One simulation per principal, so large accounts are capped.
import { awsErrorText } from '../aws/aws-error.js';
import { type IAMClient, paginateListRoles, paginateListUsers, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';

/** The principals allowed to pull, and whether every principal could be checked. */
export interface RepoReaders {
  principals: string[];
  complete: boolean;
  problem: string | null;
}

const MAX_PRINCIPALS = 500;

/** Which users and roles of the account may `codecommit:GitPull` the repository `arn`. */
export async function whoCanPull(iam: IAMClient, arn: string): Promise<RepoReaders> {
  try {
    const candidates: string[] = [];
    for await (const page of paginateListUsers({ client: iam }, {})) for (const u of page.Users ?? []) if (u.Arn) candidates.push(u.Arn);
    for await (const page of paginateListRoles({ client: iam }, {})) for (const r of page.Roles ?? []) if (r.Arn) candidates.push(r.Arn);
    const principals: string[] = [];
    for (const principal of candidates.slice(0, MAX_PRINCIPALS)) {
      const out = await iam.send(
        new SimulatePrincipalPolicyCommand({ PolicySourceArn: principal, ActionNames: ['codecommit:GitPull'], ResourceArns: [arn] }),
      );
      if (out.EvaluationResults?.some((r) => r.EvalDecision === 'allowed')) principals.push(principal);
    }
    const capped = candidates.length > MAX_PRINCIPALS;
    return {
      principals,
      complete: !capped,
      problem: capped ? `only the first ${MAX_PRINCIPALS} of ${candidates.length} principals were simulated` : null,
    };
  } catch (err) {
    return { principals: [], complete: false, problem: awsErrorText(err) };
  }
}
