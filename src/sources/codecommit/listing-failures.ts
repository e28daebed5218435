// Failures to list the repositories of a sweep, one issue per cause: a missing permission or an
// expired session fails every region alike, and 27 identical lines hide the one thing to do.
import { awsIssue } from '../../aws/aws-error.js';
import type { ScanIssue } from '../../types.js';

interface Cause {
  code: string;
  message: string;
  places: string[];
  regions: string[];
}

/** Collects listing failures and gives them back grouped by cause (awsIssue adds what to do). */
export class ListingFailures {
  private readonly causes = new Map<string, Cause>();

  /** Records that listing `where` (in `region`) failed with `err`. */
  add(err: unknown, where: string, region: string): void {
    const { code, message } = awsIssue(err);
    // Messages name the region or host they came from; the cause is the same without it.
    const general = message.replaceAll(region, '<region>');
    const key = `${code}\0${general}`;
    const cause = this.causes.get(key) ?? { code, message: general, places: [], regions: [] };
    cause.places.push(where);
    cause.regions.push(region);
    this.causes.set(key, cause);
  }

  /** One issue per cause, naming every place it struck. */
  issues(): ScanIssue[] {
    return [...this.causes.values()].map((c) => {
      const [only] = c.places;
      const where = c.places.length === 1 && only !== undefined ? only : `${c.places.length} places (${c.places.join(', ')})`;
      const message = c.places.length === 1 ? c.message.replaceAll('<region>', c.regions[0] ?? '') : c.message;
      return { code: c.code, message: `${where}: repositories could not be listed: ${message}`, path: only ?? '' };
    });
  }
}
