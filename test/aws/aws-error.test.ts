// What a responder reads when an endpoint answers a call with something that is not AWS at all
// (a proxy's error page, a local server that lacks the call): a real SDK client over real HTTP.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsErrorText, awsIssue } from '../../src/aws/aws-error.js';

let server: Server;
let url: string;

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  server = createServer((_req, res) => {
    res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>500</title><p>The lookup action is not implemented here.</p>');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

async function failedLookup(): Promise<unknown> {
  const client = new CloudTrailClient({
    region: 'us-east-1',
    endpoint: url,
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIAZ4TQ8WN2RB6XKD3M', secretAccessKey: 'pL5nV8cR2xK7mT4wQ9zB3hJ6dF1sG0aY8uE2iO4r' },
  });
  try {
    await client.send(new LookupEventsCommand({}));
    throw new Error('the HTML answer was accepted');
  } catch (err) {
    return err;
  } finally {
    client.destroy();
  }
}

describe('an answer that is not AWS', () => {
  it('is named by status and content type, not by the JSON parser', async () => {
    const err = await failedLookup();
    const text = awsErrorText(err);
    expect(text).toContain('the endpoint did not answer as AWS (HTTP 500, text/html)');
    expect(text).not.toMatch(/Unexpected token|not valid JSON/);
  });

  it('gives the same words in an issue', async () => {
    const issue = awsIssue(await failedLookup());
    expect(issue.code).toMatch(/^AWS_/);
    expect(issue.message).toContain('did not answer as AWS (HTTP 500, text/html)');
  });

  it('leaves ordinary AWS errors as they were', () => {
    const err = Object.assign(new Error('User is not authorized to perform iam:ListUsers'), { name: 'AccessDenied' });
    expect(awsErrorText(err)).toBe('AccessDenied: User is not authorized to perform iam:ListUsers');
  });
});
